package io.outpost.gateway.metrics;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the samples of a Prometheus text exposition: {@code name{labels}} to value, comments skipped. */
public final class PrometheusText {
    private PrometheusText() {}

    public static Map<String, Double> samples(String exposition) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            if (space < 0 || samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1))) != null) {
                throw new IllegalArgumentException("not one sample per series: " + line);
            }
        }
        return samples;
    }
}
