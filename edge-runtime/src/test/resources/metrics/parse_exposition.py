# Parses a Prometheus text exposition (stdin) with the reference parser of prometheus_client
# (Debian: python3-prometheus-client) and prints one sample a line, tab-separated:
# name, labels as k=v joined by "," in name order, value (as Java's Double.parseDouble reads it).
import math
import sys

from prometheus_client.parser import text_string_to_metric_families

for family in text_string_to_metric_families(sys.stdin.read()):
    for sample in family.samples:
        labels = ",".join("%s=%s" % (k, sample.labels[k]) for k in sorted(sample.labels))
        value = float(sample.value)
        text = "NaN" if math.isnan(value) else ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else repr(value)
        print("%s\t%s\t%s" % (sample.name, labels, text))
