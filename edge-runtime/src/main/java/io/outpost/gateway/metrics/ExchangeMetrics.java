package io.outpost.gateway.metrics;

import io.outpost.journal.ExchangeRecord;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Ended exchanges by API, resource template, method and status class, and their times: the
 * gateway's own and the backend's, apart. The series of a route are resolved at its first exchange
 * ({@link RouteSeries}); counting one is a lock-free lookup, a {@code LongAdder} add and two
 * histogram observations, none of which allocates (exemplars off, classic buckets only: a native
 * histogram's buckets are map entries made on first use).
 */
final class ExchangeMetrics {
    /** Status classes by index: 0 none (no response was sent), 1..5 the classes, 6 anything else. */
    static final String[] STATUS_CLASSES = {"none", "1xx", "2xx", "3xx", "4xx", "5xx", BoundedCounter.OTHER};

    /**
     * Seconds, from half a millisecond (a refusal or a cached answer on the device) to 10 s (past the
     * default backend response timeout of a slow device's backend): 14 buckets, so 17 series per API
     * and histogram with +Inf, the count and the sum.
     */
    static final double[] BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private static final double MICROS_PER_SECOND = 1_000_000.0;

    /** The data points one route and method counts in. */
    record Series(CounterDataPoint[] byStatusClass, DistributionDataPoint gatewayTime, DistributionDataPoint backendTime) {}

    private final RouteSeries<Series> routes;

    ExchangeMetrics(PrometheusRegistry registry) {
        Counter requests = Counter.builder().name("outpost_gateway_requests")
                .help("Exchanges ended, by API, resource template, method and the status class of the response sent "
                        + "to the client (api, api_version, resource \"\": no API matched; none: the exchange ended "
                        + "before a response; other: a status outside 100-599 or a method outside the standard ones)")
                .labelNames("api", "api_version", "resource", "method", "status_class")
                .withoutExemplars().register(registry);
        // The histograms are labelled by API alone: times differ by API (its backend, its policies),
        // while by resource and method they would multiply 16 series per histogram by every route
        // for a breakdown a device's operator rarely needs; the requests counter has that breakdown.
        Histogram gateway = histogram(registry, "outpost_gateway_latency_seconds",
                "Time the gateway itself spent on an exchange: from its request's arrival to its end, minus the "
                        + "answering backend's time (all of it when no backend answered), by API");
        Histogram backend = histogram(registry, "outpost_gateway_backend_latency_seconds",
                "Time the backend that answered took, from the request sent to the response head received "
                        + "(exchanges no backend answered are not in it), by API");
        routes = new RouteSeries<>((api, version, resource, method) -> {
            CounterDataPoint[] points = new CounterDataPoint[STATUS_CLASSES.length];
            for (int c = 0; c < points.length; c++) {
                points[c] = requests.labelValues(api, version, resource, HttpMethods.LABELS[method], STATUS_CLASSES[c]);
            }
            return new Series(points, gateway.labelValues(api, version), backend.labelValues(api, version));
        });
        // Exchanges before routing (a 404, a malformed request) have series from the start, so every
        // metric is in the first scrape, at 0.
        routes.find("", "", "", HttpMethods.index("GET"));
    }

    private static Histogram histogram(PrometheusRegistry registry, String name, String help) {
        return Histogram.builder().name(name).help(help).labelNames("api", "api_version")
                .classicOnly().classicUpperBounds(BUCKETS).withoutExemplars().register(registry);
    }

    /** Counts one ended exchange; allocates nothing and takes no lock once its route was seen. */
    void exchangeEnded(ExchangeRecord.Builder exchange) {
        Series series = routes.find(orEmpty(exchange.apiName()), orEmpty(exchange.apiVersion()),
                orEmpty(exchange.resource()), HttpMethods.index(exchange.method()));
        series.byStatusClass()[statusClass(exchange.status())].inc();
        long total = exchange.gatewayLatencyMicros();
        long backend = exchange.backendLatencyMicros();
        if (backend >= 0) {
            series.backendTime().observe(backend / MICROS_PER_SECOND);
            total = Math.max(0, total - backend);
        }
        series.gatewayTime().observe(total / MICROS_PER_SECOND);
    }

    /** Route keys with series of their own (tests). */
    int routes() {
        return routes.routes();
    }

    static int statusClass(int status) {
        return status == 0 ? 0 : status >= 100 && status < 600 ? status / 100 : STATUS_CLASSES.length - 1;
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
