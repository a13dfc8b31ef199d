package io.outpost.gateway.metrics;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Parses a Prometheus text exposition with the Prometheus project's own Python parser
 * ({@code prometheus_client}, Debian's python3-prometheus-client, which .ci/run installs), so the
 * gateway's output is checked by a reader we did not write. Samples come back as
 * {@code name{k=v,...}} (labels in name order, values unquoted) to value.
 */
public final class ReferenceParser {
    private ReferenceParser() {}

    public static Map<String, Double> samples(String exposition) throws IOException, InterruptedException {
        String script;
        try (InputStream in = ReferenceParser.class.getResourceAsStream("/metrics/parse_exposition.py")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // Debian's interpreter: the package installs the module for it, not for another python3 on the PATH.
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script).start();
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(30, TimeUnit.SECONDS) || python.exitValue() != 0) {
            throw new AssertionError("the Prometheus text parser refused the exposition (needs python3-prometheus-client: "
                    + "apt-get install python3-prometheus-client): " + err + "\n" + exposition);
        }
        Map<String, Double> samples = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (samples.put(f[0] + "{" + f[1] + "}", Double.parseDouble(f[2])) != null) {
                throw new AssertionError("two samples of one series: " + line);
            }
        }
        return samples;
    }
}
