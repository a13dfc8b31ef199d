package io.outpost.gateway;

import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ErrorFormat;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code outpost gateway reload}: asks the running gateway, on the admin port its gateway.yaml
 * names, to reload, waits for the result and exits non-zero when it was refused, so that systemd's
 * {@code ExecReload} (which has no notify-reload on Debian 12) fails with the reason in the journal.
 * It runs inside the gateway's memory limit, so it loads little: {@link AdminAddress} instead of the
 * config loader, {@link FlatJson} instead of Jackson (jvm.gateway-reload in jvm.properties).
 */
final class ReloadCommand {
    private static final int TIMEOUT_MILLIS = 120_000;

    private ReloadCommand() {}

    static int run(GatewayOptions options, PrintStream out, PrintStream err) {
        AdminAddress admin;
        try {
            admin = AdminAddress.of(options);
        } catch (ConfigException e) {
            err.println("outpost gateway reload: invalid configuration (nothing was asked of the running gateway):");
            ErrorFormat.errors(e).forEach(err::println);
            return GatewayMain.EXIT_CONFIG;
        }
        String host = admin.connectHost();
        int port = admin.port();
        try {
            URI uri = new URI("http", null, host, port, "/reload", null, null);
            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
            c.setRequestMethod("POST");
            c.setConnectTimeout(5_000);
            c.setReadTimeout(TIMEOUT_MILLIS);
            c.setDoOutput(true);
            c.getOutputStream().close();
            int status = c.getResponseCode();
            InputStream body = status < 400 ? c.getInputStream() : c.getErrorStream();
            Map<String, String> result = body == null ? Map.of()
                    : FlatJson.read(new String(body.readAllBytes(), StandardCharsets.UTF_8));
            if (status == 200 && "applied".equals(result.get("result"))) {
                out.println("reload applied: " + result.get("message"));
                return 0;
            }
            err.println("outpost gateway reload: REFUSED, the running generation " + result.get("generation") + " stays: "
                    + (result.containsKey("message") ? result.get("message") : result.get("problem")));
            return GatewayMain.EXIT_RELOAD_REFUSED;
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            err.println("outpost gateway reload: no gateway answered on its admin port " + host + ":" + port + " (admin.port"
                    + (admin.source() == null ? "" : " in " + admin.source()) + ", or --admin-port): " + e.getMessage());
            return GatewayMain.EXIT_NOT_RUNNING;
        }
    }
}
