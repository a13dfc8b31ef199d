package io.outpost.gateway.throttling;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.security.QueryParameters;
import io.outpost.gateway.throttling.blocking.AddressSet;
import java.util.Collection;
import java.util.regex.Pattern;

/**
 * One condition of a conditional throttling group (WSO2's advanced policies, decided here from the
 * request alone: docs/throttling.md). A value matches by equality, or when a regular expression
 * is found in it; a missing header, parameter or claim matches neither (but matches an inverted one).
 */
sealed interface Condition {

    boolean test(ExchangeContext exchange);

    /** A request header (the first field of that name). */
    record Header(String name, Match match) implements Condition {
        public boolean test(ExchangeContext exchange) {
            return match.test(exchange.request().headers().get(name));
        }
    }

    /** The client's one resolved address (trustedProxies) in these addresses or CIDR ranges. */
    record ClientAddress(AddressSet ranges) implements Condition {
        public boolean test(ExchangeContext exchange) {
            return ranges.contains(exchange.clientAddress());
        }
    }

    /** A query parameter, decoded (the first of that name). */
    record QueryParameter(String name, Match match) implements Condition {
        public boolean test(ExchangeContext exchange) {
            return match.test(QueryParameters.find(exchange.path().rawQuery(), name));
        }
    }

    /** A claim of the verified JWT (an array claim matches when one of its values does). */
    record JwtClaim(String name, Match match) implements Condition {
        public boolean test(ExchangeContext exchange) {
            Identity identity = exchange.identity();
            Object value = identity == null || identity.claims() == null ? null : identity.claims().get(name);
            if (value instanceof Collection<?> values) {
                return values.stream().anyMatch(v -> v != null && match.test(v.toString()));
            }
            return match.test(value == null ? null : value.toString());
        }
    }

    /** {@code invert: true}. */
    record Not(Condition inner) implements Condition {
        public boolean test(ExchangeContext exchange) {
            return !inner.test(exchange);
        }
    }

    /** Equality, or a regular expression found in the value; nothing matches a missing value. */
    record Match(String equals, Pattern regex) {
        boolean test(String value) {
            if (value == null) {
                return false;
            }
            return equals != null ? equals.equals(value) : regex.matcher(value).find();
        }
    }
}
