package io.outpost.gateway.security.tls;

import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.security.SecurityMaterial;

/**
 * {@code x-wso2-mutual-ssl: mandatory | optional}: the client certificate of the TLS session (or,
 * from a trusted proxy only, of the configured header) against the client CAs. Placeholder of the
 * contract; the TLS work fills it in. Runs before authentication, so that an optional application
 * credential can rely on the identity it sets.
 */
public final class MutualTlsStage implements Stage {
    private MutualTlsStage() {}

    public static StageFactory factory(SecurityMaterial material) {
        return route -> null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return Verdict.CONTINUE;
    }
}
