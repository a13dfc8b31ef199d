package io.outpost.gateway.security;

import io.netty.handler.codec.http.HttpHeaders;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.pipeline.EndpointSet;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Authenticates a secured route's requests by its requirements (docs/security.md): the first
 * alternative whose credentials all pass wins; its identity goes to the exchange (and the sandbox
 * endpoints when the key type says so), and the credentials are taken out of what the backend
 * receives. Otherwise the request is refused: a present but bad credential first (401 / 900901 and
 * kin), then a good one lacking scope (403 / 900910), else missing credentials (401 / 900902, naming
 * the scheme). Compiled only for secured routes; an open route pays nothing.
 */
public final class AuthenticationStage implements Stage {
    /** How long a check done off the event loop (a password hash) may take before the request is refused with 503. */
    static final Duration DEFERRED_TIMEOUT = Duration.ofSeconds(10);
    private static final String RESOLVED = "security.resolved";

    private final SecurityPlan plan;
    private final SecurityMaterial material;
    private final ApiRef api;

    private AuthenticationStage(SecurityPlan plan, SecurityMaterial material, ApiRef api) {
        this.plan = plan;
        this.material = material;
        this.api = api;
    }

    /** The factory of one generation: its material, every secured route. */
    public static StageFactory factory(SecurityMaterial material) {
        return route -> forRoute(route, material);
    }

    /** The stage for a secured route, or null for an open one. */
    public static Stage forRoute(Route route, SecurityMaterial material) {
        if (!route.policy().security().secured()) {
            return null;
        }
        return new AuthenticationStage(SecurityPlan.of(route), material, ApiRef.of(route.api()));
    }

    /** A check answered off the event loop, for the credential it was asked about. */
    private record Resolved(CredentialUse.Kind kind, String credential, Check check) {}

    /** One alternative's result. */
    private sealed interface Result {}
    private record Passed(Identity identity, String bearer) implements Result {}
    private record Failed(Fault fault, boolean scope) implements Result {}
    private record Missing() implements Result {}
    private record Waiting(CredentialUse.Kind kind, String credential, Check.Deferred deferred) implements Result {}
    private static final Missing MISSING = new Missing();

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        if (plan.optional() && exchange.identity() != null) {
            return Verdict.CONTINUE; // mutual TLS identified the client; the application credential is optional
        }
        Fault refusal = null;
        Fault scopeRefusal = null;
        for (List<CredentialUse> alternative : plan.alternatives()) {
            Result result = tryAlternative(exchange, alternative);
            if (result instanceof Passed passed) {
                accept(exchange, passed);
                return Verdict.CONTINUE;
            }
            if (result instanceof Waiting waiting) {
                return Verdict.Pending.then(waiting.deferred().later(), DEFERRED_TIMEOUT, check -> {
                    exchange.attribute(RESOLVED, new Resolved(waiting.kind(), waiting.credential(), check));
                    return onHead(exchange);
                });
            }
            if (result instanceof Failed failed) {
                if (failed.scope()) {
                    scopeRefusal = scopeRefusal == null ? failed.fault() : scopeRefusal;
                } else {
                    refusal = refusal == null ? failed.fault() : refusal;
                }
            }
        }
        Fault fault = refusal != null ? refusal : scopeRefusal != null ? scopeRefusal : missing();
        exchange.record().authOutcome("refused:" + fault.code());
        return new Verdict.Refuse(fault);
    }

    private Fault missing() {
        CredentialUse first = plan.first();
        return first == null ? Faults.schemeNotAllowed() : Faults.missingCredentials(first.challenge(), first.how());
    }

    /**
     * Every use must pass, except that (as WSO2 does, unless the definition is OpenAPI-strict) the
     * API keys of one requirement are alternatives: one of them passing is enough.
     */
    private Result tryAlternative(ExchangeContext exchange, List<CredentialUse> uses) {
        Identity identity = null;
        String bearer = null;
        boolean hasApiKeys = false;
        boolean apiKeyPassed = false;
        Result apiKeyFailure = MISSING;
        for (CredentialUse use : uses) {
            String credential = credential(exchange, use);
            Result result = credential == null ? MISSING : decide(exchange, use, credential);
            if (use.kind().apiKey() && !plan.strict()) {
                hasApiKeys = true;
                if (result instanceof Passed) {
                    apiKeyPassed = true;
                } else if (result instanceof Waiting) {
                    return result;
                } else {
                    apiKeyFailure = apiKeyFailure instanceof Missing ? result : apiKeyFailure;
                    continue;
                }
            } else if (!(result instanceof Passed)) {
                return result;
            }
            Passed passed = (Passed) result;
            identity = identity == null ? passed.identity() : identity;
            bearer = bearer == null ? passed.bearer() : bearer;
        }
        if (hasApiKeys && !apiKeyPassed) {
            return apiKeyFailure;
        }
        return new Passed(identity, bearer);
    }

    private Result decide(ExchangeContext exchange, CredentialUse use, String credential) {
        Check check;
        Resolved resolved = exchange.attribute(RESOLVED);
        if (resolved != null && resolved.kind() == use.kind() && resolved.credential().equals(credential)) {
            check = resolved.check();
        } else {
            CredentialCheck checker = switch (use.kind()) {
                case BEARER -> material.bearer();
                case BASIC -> material.basic();
                case API_KEY_HEADER, API_KEY_QUERY -> material.apiKey();
            };
            check = checker.check(credential, api);
        }
        if (check instanceof Check.Deferred deferred) {
            return new Waiting(use.kind(), credential, deferred);
        }
        if (check instanceof Check.Refused refused) {
            return new Failed(refused.fault(), false);
        }
        Identity identity = ((Check.Accepted) check).identity();
        if (!use.scopes().isEmpty() && !(plan.strict() ? hasAllScopes(identity, use.scopes()) : hasAnyScope(identity, use.scopes()))) {
            return new Failed(Faults.scopeNotAllowed(), true);
        }
        return new Passed(identity, use.kind() == CredentialUse.Kind.BEARER ? credential : null);
    }

    /** WSO2's rule (Ballerina's): one of the resource's scopes is enough. */
    private static boolean hasAnyScope(Identity identity, List<String> required) {
        List<String> held = identity.scopes();
        if (held == null) {
            return false;
        }
        for (String scope : required) {
            if (held.contains(scope)) {
                return true;
            }
        }
        return false;
    }

    /** OpenAPI's rule: every listed scope. */
    private static boolean hasAllScopes(Identity identity, List<String> required) {
        return identity.scopes() != null && identity.scopes().containsAll(required);
    }

    /** The credential the request sends for this use, without its scheme word, or null. */
    private static String credential(ExchangeContext exchange, CredentialUse use) {
        HttpHeaders headers = exchange.request().headers();
        return switch (use.kind()) {
            case BEARER -> afterScheme(headers.get(use.name()), "Bearer");
            case BASIC -> afterScheme(headers.get(use.name()), "Basic");
            case API_KEY_HEADER -> nonEmpty(headers.get(use.name()));
            case API_KEY_QUERY -> nonEmpty(QueryParameters.find(exchange.upstreamQuery(), use.name()));
        };
    }

    private static String afterScheme(String value, String scheme) {
        if (value == null || value.length() <= scheme.length() + 1
                || !value.regionMatches(true, 0, scheme, 0, scheme.length()) || value.charAt(scheme.length()) != ' ') {
            return null;
        }
        return nonEmpty(value.substring(scheme.length() + 1).trim());
    }

    private static String nonEmpty(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private void accept(ExchangeContext exchange, Passed passed) {
        Identity identity = passed.identity();
        exchange.identity(identity);
        if (identity != null && "SANDBOX".equalsIgnoreCase(identity.keyType())) {
            exchange.endpoints(EndpointSet.SANDBOX);
        }
        exchange.record().authOutcome("accepted");
        SecuritySettings settings = material.settings();
        if (settings.removeCredential()) {
            removeCredentials(exchange);
        }
        if (settings.forwardJwtHeader() != null && passed.bearer() != null && isJwt(passed.bearer())) {
            exchange.request().headers().set(settings.forwardJwtHeader(), passed.bearer());
        }
    }

    /** Every credential the route's schemes read leaves the backend request (WSO2's removeAuthHeaderFromOutMessage). */
    private void removeCredentials(ExchangeContext exchange) {
        List<String> headers = new ArrayList<>(2);
        for (CredentialUse use : plan.uses()) {
            if (use.kind() == CredentialUse.Kind.API_KEY_QUERY) {
                exchange.upstreamQuery(QueryParameters.remove(exchange.upstreamQuery(), use.name()));
            } else if (!headers.contains(use.name())) {
                headers.add(use.name());
                exchange.request().headers().remove(use.name());
            }
        }
    }

    /** A JWS in compact form: three parts. */
    static boolean isJwt(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots == 2;
    }
}
