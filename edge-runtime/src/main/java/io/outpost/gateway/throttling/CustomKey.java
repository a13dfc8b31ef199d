package io.outpost.gateway.throttling;

import io.outpost.common.model.KeyTemplate;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import java.util.List;
import java.util.function.Function;

/**
 * A custom policy's key template ({@code $userId:$apiContext}, parsed by the toolkit's
 * {@link KeyTemplate}) made into what reads it off a request. A request lacking one of its values
 * (no user on an open resource, a header not sent) is not counted by the policy.
 */
final class CustomKey {
    private final List<Function<ExchangeContext, String>> parts;

    private CustomKey(List<Function<ExchangeContext, String>> parts) {
        this.parts = parts;
    }

    static CustomKey of(List<KeyTemplate.Part> template) {
        return new CustomKey(template.stream().map(CustomKey::reader).toList());
    }

    private static Function<ExchangeContext, String> reader(KeyTemplate.Part part) {
        String name = part.name();
        return switch (part.variable()) {
            case USER_ID -> e -> e.identity() == null ? null : e.identity().subject();
            case APP_ID -> e -> e.identity() == null ? null : e.identity().applicationId();
            case API_CONTEXT -> e -> e.route().api().basePath();
            case API_VERSION -> e -> e.route().api().version();
            case CLIENT_IP -> e -> ClientKeys.of(e.clientAddress());
            case HEADER -> e -> e.request().headers().get(name);
            case CLAIM -> e -> {
                Identity id = e.identity();
                Object value = id == null || id.claims() == null ? null : id.claims().get(name);
                return value == null ? null : value.toString();
            };
        };
    }

    /** The request's key, or null when a part has no value for it. */
    String keyOf(ExchangeContext exchange) {
        StringBuilder key = new StringBuilder(48);
        for (int i = 0; i < parts.size(); i++) {
            String value = parts.get(i).apply(exchange);
            if (value == null) {
                return null;
            }
            if (i > 0) {
                key.append(':');
            }
            key.append(value);
        }
        return key.toString();
    }
}
