package io.outpost.gateway;

import io.outpost.common.model.ApiDefinition;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.config.GatewayConfig.IoTransport;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code outpost gateway --check}: after {@link GatewayPlan} loaded and verified everything a start
 * would, tries each listener's port (bound and released at once, never served) and prints what
 * would run. A port held by the running Outpost gateway is reported as such: that is the gateway a
 * restart replaces, not a mistake.
 */
final class GatewayCheck {
    private GatewayCheck() {}

    static int run(GatewayPlan plan, PrintStream out, PrintStream err) {
        GatewayConfig config = plan.config();
        int code = 0;
        String ours = null;
        boolean asked = false;
        for (ListenerPort port : plan.ports()) {
            String problem = PortProbe.bindProblem(port.host(), port.port());
            if (problem == null) {
                continue;
            }
            if (!asked) {
                ours = PortProbe.outpostGatewayAt(config.admin().host(), config.admin().port());
                asked = true;
            }
            if (ours != null) {
                out.println("port " + port.port() + " (" + port.key() + ") is held by the running Outpost gateway (serving "
                        + ours + "): not a problem, a restart takes it over");
            } else {
                err.println("outpost gateway: port " + port.port() + " is in use (" + port.setBy(config) + "): " + problem
                        + "; stop what holds it (ss -ltnp 'sport = :" + port.port() + "') or choose another port");
                code = GatewayMain.EXIT_BIND;
            }
        }
        var artifact = plan.artifact();
        out.println("config     " + (config.source() == null ? "(built-in defaults)" : config.source()));
        out.println("artifact   " + artifact.project().name() + "-" + artifact.project().version() + " " + config.artifact()
                + " sha256=" + artifact.sha256() + " signer=" + artifact.signerKid()
                + (artifact.signerTrusted() ? " (trusted)" : " (UNTRUSTED, --dev)"));
        out.println("apis       " + artifact.apis().size() + apis(artifact.apis()));
        out.println("listeners  " + plan.ports().stream().map(p -> p.name() + " " + p.hostPort()).collect(Collectors.joining(", ")));
        IoTransport transport = config.transport() == IoTransport.AUTO ? Transport.firstAvailable() : config.transport();
        out.println("transport  " + transport.configName() + (config.transport() == IoTransport.AUTO ? " (auto)" : ""));
        out.println("lockdown   " + (config.lockdown() ? "on" : "off"));
        out.println("journal    " + (config.analytics().enabled() ? config.journalDir() : "off (analytics.enabled is false)"));
        out.println("stateDir   " + config.stateDir());
        out.println(code == 0 ? "check passed: the gateway can start with this (nothing was bound or written)"
                : "check FAILED (exit " + code + ")");
        return code;
    }

    private static String apis(List<ApiDefinition> apis) {
        return apis.isEmpty() ? "" : ": " + apis.stream().map(a -> a.name() + " " + a.version() + " " + a.basePath())
                .collect(Collectors.joining(", "));
    }
}
