package io.outpost.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Parses a Prometheus text exposition with the Prometheus project's own Python parser
 * ({@code prometheus_client.parser}, Debian's python3-prometheus-client, which .ci/run installs), so
 * every process's {@code /metrics} is checked by a reader we did not write. Samples come back as
 * {@code name{k=v,...}} (labels in name order, values unquoted; {@code name{}} without labels) to value.
 * A missing parser fails the test, never skips it: a scrape nobody parsed would pass.
 */
public final class PrometheusText {
    /** One sample a line, tab-separated: name, labels as k=v joined by "," in name order, value as Double.parseDouble reads it. */
    private static final String SCRIPT = """
            import math, sys
            try:
                from prometheus_client.parser import text_string_to_metric_families
            except ImportError as e:
                sys.stderr.write("MISSING-PARSER %s\\n" % e)
                sys.exit(3)
            for family in text_string_to_metric_families(sys.stdin.read()):
                for sample in family.samples:
                    labels = ",".join("%s=%s" % (k, sample.labels[k]) for k in sorted(sample.labels))
                    value = float(sample.value)
                    text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else repr(value)
                    print("%s\\t%s\\t%s" % (sample.name, labels, text))
            """;
    private static final String INSTALL = "apt-get install python3-prometheus-client";

    private PrometheusText() {}

    /** Every sample of the exposition; an AssertionError when the parser refuses it or one series appears twice. */
    public static Map<String, Double> samples(String exposition) throws IOException, InterruptedException {
        Process python;
        try { // Debian's interpreter: the package installs the module for it, not for another python3 on the PATH.
            python = new ProcessBuilder("/usr/bin/python3", "-c", SCRIPT).start();
        } catch (IOException e) {
            throw new AssertionError("no /usr/bin/python3 to run the Prometheus text parser (" + INSTALL + "): " + e.getMessage(), e);
        }
        try (OutputStream stdin = python.getOutputStream()) {
            stdin.write(exposition.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!python.waitFor(30, TimeUnit.SECONDS)) {
            python.destroyForcibly();
            throw new AssertionError("the Prometheus text parser did not finish in 30 s");
        }
        if (err.startsWith("MISSING-PARSER")) {
            throw new AssertionError("the Prometheus text parser is not installed (" + INSTALL + "): " + err.strip());
        }
        if (python.exitValue() != 0) {
            throw new AssertionError("the Prometheus text parser refused the exposition: " + err + "\n" + exposition);
        }
        Map<String, Double> samples = new TreeMap<>();
        for (String line : out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (samples.put(f[0] + "{" + f[1] + "}", Double.parseDouble(f[2])) != null) {
                throw new AssertionError("two samples of one series: " + line + "\n" + exposition);
            }
        }
        return samples;
    }

    /** The value of one series, {@code name{k=v,...}} as {@link #samples} keys it; fails naming the series when absent. */
    public static double value(Map<String, Double> samples, String series) {
        Double v = samples.get(series);
        if (v == null) {
            throw new AssertionError("no " + series + " among " + samples.keySet());
        }
        return v;
    }
}
