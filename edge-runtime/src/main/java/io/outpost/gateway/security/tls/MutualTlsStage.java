package io.outpost.gateway.security.tls;

import io.outpost.gateway.http.Faults;
import io.outpost.gateway.pipeline.ExchangeContext;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.pipeline.Stage;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.pipeline.Verdict;
import io.outpost.gateway.routing.Route;
import io.outpost.gateway.security.SecurityMaterial;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code x-wso2-mutual-ssl: mandatory | optional} (docs/security.md, "TLS and mutual TLS"). The
 * client certificate is the one of the configured header when the request has it (the connection
 * removed the header unless its peer is a trusted proxy, so here it is believed), else the one of
 * the TLS session. It is good when it chains to a client CA, no CRL revokes it and, when the API
 * pins fingerprints, it is one of them; then the client's identity is the certificate's subject
 * (key type PRODUCTION, no scopes), which is enough for an API whose application security is
 * optional. Mandatory without a good certificate: 401 / 900901, as WSO2 answers (it does not
 * tell a missing certificate from a bad one). Optional without one: the next stage decides.
 * Runs before authentication.
 */
public final class MutualTlsStage implements Stage {
    private static final Logger log = LoggerFactory.getLogger(MutualTlsStage.class);
    /**
     * The refusal's WWW-Authenticate (a 401 must carry one, RFC 9110 11.6.1). Not Bearer: a client
     * told Bearer would fetch or refresh a token, which cannot help. Not RFC 8120's {@code Mutual}
     * either, a password protocol a client implementing it would start. An unregistered scheme
     * that names what is missing: clients and browsers ignore a scheme they do not know (no
     * prompt, no retry) and a person reading it sees that a client certificate is wanted.
     */
    static final String CHALLENGE = "ClientCertificate realm=\"outpost\"";
    private static final Verdict REFUSAL = new Verdict.Refuse(Faults.invalidCredentials().withChallenge(CHALLENGE));
    private static final String KEY_TYPE = "PRODUCTION";

    private final boolean mandatory;
    private final ClientCertificates certificates;
    private final String header;
    /** The only fingerprints the API accepts, or null for any trusted certificate. */
    private final Set<String> pinned;

    private MutualTlsStage(boolean mandatory, ClientCertificates certificates, String header, Set<String> pinned) {
        this.mandatory = mandatory;
        this.certificates = certificates;
        this.header = header;
        this.pinned = pinned;
    }

    /** The factory of one generation: its client CAs and CRLs, one certificate cache for all its routes. */
    public static StageFactory factory(SecurityMaterial material) {
        MutualTls settings = material.tls().mutualTls();
        ClientCertificates certificates = new ClientCertificates(settings, () -> material.clock().nowSeconds() * 1000);
        return route -> forRoute(route, settings, certificates);
    }

    static Stage forRoute(Route route, MutualTls settings, ClientCertificates certificates) {
        String mode = route.policy().security().mutualSsl();
        if (mode == null) {
            return null;
        }
        Set<String> pinned = settings.allowedFingerprints().get(route.api().name() + ":" + route.api().version());
        return new MutualTlsStage("mandatory".equals(mode), certificates, settings.clientCertificateHeader(), pinned);
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        List<X509Certificate> chain = presented(exchange);
        if (chain == null) {
            return refuseIfMandatory(exchange, "no client certificate");
        }
        if (chain.isEmpty()) {
            return refuseIfMandatory(exchange, header + " holds no certificate");
        }
        ClientCertificates.Result result = certificates.verify(chain);
        if (result instanceof ClientCertificates.Refused refused) {
            return refuseIfMandatory(exchange, refused.reason());
        }
        ClientCertificates.Trusted trusted = (ClientCertificates.Trusted) result;
        if (pinned != null && !pinned.contains(trusted.fingerprint())) {
            return refuseIfMandatory(exchange, "certificate " + trusted.fingerprint() + " is not among the API's allowedFingerprints");
        }
        exchange.identity(new Identity(trusted.subject(), null, null, null, null, KEY_TYPE, List.of(), Map.of()));
        exchange.record().authOutcome("accepted");
        return Verdict.CONTINUE;
    }

    private Verdict refuseIfMandatory(ExchangeContext exchange, String why) {
        if (!mandatory) {
            return Verdict.CONTINUE;
        }
        log.debug("mutual TLS refused for {} {}: {}", exchange.clientAddress(), exchange.route().api().name(), why);
        exchange.record().authOutcome("refused:" + Faults.invalidCredentials().code());
        return REFUSAL;
    }

    /** The header's certificate, else the TLS session's, else null. A header that does not parse counts as a bad certificate. */
    private List<X509Certificate> presented(ExchangeContext exchange) {
        if (header != null) {
            String value = exchange.request().headers().get(header);
            if (value != null) {
                List<X509Certificate> chain = HeaderCertificate.decode(value);
                return chain != null ? chain : List.of();
            }
        }
        return fromSession(exchange.tlsSession());
    }

    private static List<X509Certificate> fromSession(SSLSession session) {
        if (session == null) {
            return null;
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            List<X509Certificate> chain = new ArrayList<>(peer.length);
            for (Certificate c : peer) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return chain.isEmpty() ? null : chain;
        } catch (SSLPeerUnverifiedException e) {
            return null; // the client sent no certificate
        }
    }
}
