package io.outpost.gateway.metrics;

import io.netty.util.internal.PlatformDependent;
import io.outpost.common.BuildInfo;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.instrumentation.jvm.JvmBufferPoolMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmClassLoadingMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmCompilationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmGarbageCollectorMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryPoolAllocationMetrics;
import io.prometheus.metrics.instrumentation.jvm.JvmRuntimeInfoMetric;
import io.prometheus.metrics.instrumentation.jvm.JvmThreadsMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The process: {@code outpost_build_info}, the Prometheus client's standard JVM and process
 * metrics ({@code jvm_memory_*}, {@code jvm_buffer_pool_*}, {@code jvm_gc_*}, {@code jvm_threads_*},
 * {@code process_open_fds}, {@code process_resident_memory_bytes} …, the names every JVM dashboard
 * queries), and the direct memory Netty allocates itself: its pooled buffers bypass the JDK's
 * buffer pool, so {@code jvm_buffer_pool_used_bytes{pool="direct"}} does not see them.
 *
 * <p>Everything {@code JvmMetrics.builder()} registers except {@code JvmNativeMemoryMetrics}: it
 * starts the platform MBean server to ask for native memory tracking, which devices run without
 * (measured at -Xmx64m: 540 KiB of heap and 500-700 classes more, for no series).
 */
public final class JvmProcessMetrics {
    private JvmProcessMetrics() {}

    public static void register(PrometheusRegistry registry) {
        Info.builder().name("outpost_build_info")
                .help("The version and commit this gateway was built from (value 1)")
                .labelNames("version", "commit")
                .register(registry)
                .setLabelValues(BuildInfo.version(), BuildInfo.commit());
        JvmMemoryMetrics.builder().register(registry);
        JvmBufferPoolMetrics.builder().register(registry);
        JvmGarbageCollectorMetrics.builder().register(registry);
        JvmMemoryPoolAllocationMetrics.builder().register(registry);
        JvmThreadsMetrics.builder().register(registry);
        JvmClassLoadingMetrics.builder().register(registry);
        JvmCompilationMetrics.builder().register(registry);
        JvmRuntimeInfoMetric.builder().register(registry);
        io.prometheus.metrics.instrumentation.jvm.ProcessMetrics.builder().register(registry);
        if (PlatformDependent.usedDirectMemory() >= 0) { // -1 when Netty does not count (it uses the JDK's cleaner)
            GaugeWithCallback.builder().name("outpost_gateway_netty_direct_memory_bytes")
                    .help("Direct memory Netty has allocated for its buffers, of at most outpost_gateway_netty_direct_memory_max_bytes")
                    .callback(cb -> cb.call(PlatformDependent.usedDirectMemory()))
                    .register(registry);
            GaugeWithCallback.builder().name("outpost_gateway_netty_direct_memory_max_bytes")
                    .help("The direct memory Netty may allocate (io.netty.maxDirectMemory, by default -XX:MaxDirectMemorySize)")
                    .callback(cb -> cb.call(PlatformDependent.maxDirectMemory()))
                    .register(registry);
        }
    }
}
