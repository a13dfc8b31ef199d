package io.outpost.gateway;

import io.outpost.common.io.NativeWorkdir;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.common.bundle.BundleStore;
import io.outpost.gateway.admin.AdminState;
import io.outpost.gateway.analytics.JournalingObserver;
import io.outpost.gateway.analytics.MetricsSnapshots;
import io.outpost.gateway.updates.AppliedUpdates;
import io.outpost.journal.DeviceId;
import io.outpost.gateway.endpoint.BackendAddressResolver;
import io.outpost.gateway.endpoint.BackendConnector;
import io.outpost.gateway.endpoint.BackendTlsContext;
import io.outpost.gateway.endpoint.EndpointOverrides;
import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.metrics.GatewayMetrics;
import io.outpost.gateway.metrics.MetricsObserver;
import io.outpost.gateway.metrics.ReloadMetrics;
import io.outpost.gateway.metrics.RuntimeMetrics;
import io.outpost.gateway.proxy.ConnectionTracker;
import io.outpost.gateway.proxy.ExchangeObserver;
import io.outpost.gateway.proxy.ProxyWiring;
import io.outpost.gateway.pipeline.GenerationCompiler;
import io.outpost.gateway.pipeline.Generations;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.security.tls.TlsSettings;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.throttling.Throttling;
import io.outpost.gateway.systemd.ServiceNotifier;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.List;

/**
 * {@code outpost gateway}: the assembly of the data plane. {@link GatewayPlan} loads and verifies
 * the configuration, keys and artifact (the one sequence of a start, {@code --check} and a reload);
 * this makes what runs of it: the event loops, journal, generations and listeners, then the
 * {@link Reloader} for SIGHUP and {@code POST /reload}. Nothing here touches the network except
 * binding its own ports.
 */
public final class GatewayMain {
    static final int EXIT_USAGE = 2;
    static final int EXIT_CONFIG = 3;
    static final int EXIT_ARTIFACT = 4;
    static final int EXIT_BIND = 5;
    /** {@code outpost gateway reload}: the running gateway refused the reload (and keeps its generation). */
    static final int EXIT_RELOAD_REFUSED = 6;
    /** {@code outpost gateway reload}: no gateway answered on the admin port. */
    static final int EXIT_NOT_RUNNING = 7;
    private GatewayMain() {}

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, UnaryOperator.identity(), (generations, compiler) -> {});
    }

    /**
     * @param addStages changes the production stage order (a test adds its stages to it)
     * @param serving told of the generations, and given the assembly's compiler, once the gateway
     *                serves (a test swaps generations under traffic)
     */
    public static int run(String[] args, PrintStream out, PrintStream err, UnaryOperator<List<StageFactory>> addStages,
                          BiConsumer<Generations, GenerationCompiler> serving) {
        GatewayOptions options;
        try {
            options = GatewayOptions.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("outpost gateway: " + e.getMessage());
            err.print(GatewayOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(GatewayOptions.USAGE);
            return 0;
        }
        if (options.version()) {
            out.println(io.outpost.common.BuildInfo.versionLine("gateway"));
            return 0;
        }
        if (options.reload()) {
            return ReloadCommand.run(options, out, err);
        }
        GatewayPlan plan;
        try {
            plan = GatewayPlan.load(options); // the one loading sequence of a start, --check and a reload
        } catch (StartupFailure f) {
            f.lines().forEach(line -> err.println(line.startsWith("  ") || io.outpost.common.yaml.ErrorFormat.isFormatted(line)
                    ? line : "outpost gateway: " + line));
            return f.exitCode();
        }
        plan.warnings().forEach(w -> err.println(io.outpost.common.yaml.ErrorFormat.warning("outpost gateway", w)));
        if (options.check()) {
            return GatewayCheck.run(plan, out, err); // before the native workdir: --check writes nothing
        }
        GatewayConfig config = plan.config();
        io.outpost.common.logging.LogSetup.apply(config.logging(), System.getenv()); // gateway.yaml's logging, before the assembly logs
        TlsSettings tls = plan.tls();
        LoadedArtifact artifact = plan.artifact();
        NativeWorkdir.underStateDirectory(config.stateDir()); // before any Netty class is loaded

        Transport transport = Transport.create(config.transport());
        BackendAddressResolver resolver = new BackendAddressResolver();
        Upstreams upstreams;
        BackendConnector connector;
        try {
            connector = new BackendConnector(transport.clientType(),
                    BackendTlsContext.build(config.backends().tls()), config.backends().tls().verifyHostname(), resolver,
                    config.limits().backendConnectTimeoutMillis(), config.limits().maxHeaderSize(),
                    config.backends().pool(), transport.workerThreads());
            upstreams = Upstreams.ofRoutes(plan.routes().routes(), new EndpointOverrides(System.getenv()), connector, config);
        } catch (IllegalArgumentException e) {
            err.println("outpost gateway: cannot use the artifact's endpoints here: " + e.getMessage());
            transport.close();
            resolver.close();
            return EXIT_CONFIG;
        }
        JournalingObserver journal = null;
        String journalProblem = null;
        if (config.analytics().enabled()) {
            try {
                journal = JournalingObserver.open(config, DeviceId.loadOrCreate(config.stateDir(), config.analytics().deviceId()));
            } catch (IOException | RuntimeException e) {
                // Serving matters more than counting: run on, say so loudly, and show it on /health.
                journalProblem = "cannot open the journal in " + config.journalDir() + ": " + e.getMessage();
                err.println("outpost gateway: warning: analytics off: " + journalProblem);
            }
        } else {
            journalProblem = "analytics.enabled is false";
        }
        AppliedUpdates updates = new AppliedUpdates(new BundleStore(config.stateDir()), plan.updateKey()).load();
        // Time checks never go below the last known good time: a board without an RTC may boot at 1970.
        ClockFloor clock = ClockFloor.persistent(config.stateDir());
        GatewayMetrics metrics = new GatewayMetrics();
        Throttling throttling = Throttling.start(config.throttling(), config.stateDir(), metrics.registry(),
                w -> err.println(io.outpost.common.yaml.ErrorFormat.warning("outpost gateway", w)));
        GenerationAssembly assembly;
        try {
            assembly = new GenerationAssembly(config, tls, updates, clock, throttling, addStages);
        } catch (IllegalArgumentException e) {
            err.println("outpost gateway: cannot use the security configuration: " + e.getMessage());
            transport.close();
            resolver.close();
            updates.close();
            clock.close();
            throttling.close();
            return EXIT_CONFIG;
        }
        Generations generations = new Generations(assembly.first(plan.routes(), upstreams, artifact.policies()));
        ProxyWiring proxy = new ProxyWiring(generations, config.limits(), config.backends().replayBufferBytes(),
                new ConnectionTracker(config.limits().maxConnections()),
                io.outpost.gateway.accesslog.AccessLog.with(config.logging(), ExchangeObserver.both(journal == null ? ExchangeObserver.NONE : journal, new MetricsObserver(metrics))),
                config.trustedProxies());
        AdminState adminState = new AdminState(artifact, journal, journalProblem, updates, metrics);
        // Gauges read at scrape time (backends of the generation in force, journal, bundles, JVM); reloads report to the hook.
        ReloadMetrics reloadMetrics = RuntimeMetrics.register(metrics.registry(), generations, adminState::artifact,
                proxy.connections(), journal, updates);
        if (tls.https() != null) {
            adminState.tls(tls.https().tls());
        }
        GatewayServer server;
        try {
            server = GatewayServer.start(config, tls, transport, proxy, adminState);
        } catch (Exception e) {
            err.println("outpost gateway: " + bindFailure(plan, e));
            transport.close();
            resolver.close();
            updates.close();
            clock.close();
            throttling.close();
            if (journal != null) {
                journal.close();
            }
            return EXIT_BIND;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        JournalingObserver finalJournal = journal;
        Duration drainTimeout = Duration.ofMillis(config.drainTimeoutMillis());
        ServiceNotifier systemd = ServiceNotifier.fromEnvironment(); // a no-op unless started by systemd
        MetricsSnapshots snapshots = MetricsSnapshots.start(config.analytics().metricsSnapshotSeconds(), metrics.registry(),
                journal, () -> adminState.artifact().project().name() + "-" + adminState.artifact().project().version(),
                () -> generations.current().number()); // the artifact and generation in force, after a reload too
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            systemd.stopping();
            out.println("outpost-gateway draining: " + proxy.connections().open() + " connections, up to "
                    + drainTimeout.toMillis() + " ms");
            out.flush();
            int cut = server.drain(drainTimeout);
            transport.close();
            resolver.close();
            updates.close();
            clock.close(); // keeps the floor as of the last moment served
            throttling.close(); // the counts saved: a clean restart gives no quota back
            if (snapshots != null) {
                snapshots.close(); // before the journal closes
            }
            if (finalJournal != null) {
                finalJournal.close(); // after the event loops: every ended exchange is queued by now
            }
            out.println("outpost-gateway stopped" + (cut > 0 ? " (" + cut + " connections cut at the drain timeout)" : ""));
            out.flush();
            stopped.countDown();
        }, "outpost-shutdown"));
        Reloader reloader = new Reloader(options, plan, assembly, generations, connector, adminState, reloadMetrics, err);
        adminState.reloads(() -> reloader.reload("POST /reload"));
        assembly.watch(generations);
        serving.accept(generations, assembly.compiler(connector));
        reloader.onSighup(); // from now on SIGHUP reloads (the JVM's default would stop the gateway)
        out.println("outpost-gateway ready http=" + hostPort(server.httpAddress()) + " admin="
                + hostPort(server.adminAddress())
                + (server.httpsAddress() == null ? "" : " https=" + hostPort(server.httpsAddress())) + " artifact=" + artifact.project().name() + "-"
                + artifact.project().version() + " sha256=" + artifact.sha256() + " apis=" + artifact.apis().size()
                + " transport=" + transport.kind().configName() + (config.lockdown() ? " lockdown=on" : ""));
        out.flush();
        systemd.ready("serving " + artifact.project().name() + " on " + hostPort(server.httpAddress()) + ", transport " + transport.kind().configName());
        systemd.startWatchdog(ServiceNotifier.loopsOf(transport.boss(), transport.workers()));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * Which port is busy, and the setting or option that sets it: each is bound and released again
     * (the listeners that did bind were closed by the failed start).
     */
    private static String bindFailure(GatewayPlan plan, Exception e) {
        for (ListenerPort port : plan.ports()) {
            String problem = PortProbe.bindProblem(port.host(), port.port());
            if (problem != null) {
                return "port " + port.port() + " is in use (" + port.setBy(plan.config()) + "): " + problem
                        + "; stop what holds it or choose another port";
            }
        }
        return "cannot listen on " + plan.ports().stream().map(p -> p.name() + " " + p.hostPort()).toList() + ": " + e.getMessage();
    }

    /** host:port, an IPv6 host in brackets ([::1]:9090) so the port is never read as part of the address. */
    private static String hostPort(java.net.InetSocketAddress a) {
        return io.netty.util.NetUtil.toSocketAddressString(a); // RFC 5952: [::1]:9090, not [0:0:0:0:0:0:0:1]:9090
    }
}
