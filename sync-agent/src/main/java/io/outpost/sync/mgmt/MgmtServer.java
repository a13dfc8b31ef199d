package io.outpost.sync.mgmt;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.outpost.sync.tls.PemTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The reference receiver's assembly: storage, handlers, the HTTP(S) listener. */
final class MgmtServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MgmtServer.class);

    /** Everything {@code outpost mgmt serve} can be told. */
    record Options(String bind, int port, Path data, Path bundles, Path tlsCert, Path tlsKey, Path clientCa,
                   Path tokenFile, boolean testFaults, String testFaultPlan) {}

    private final HttpServer server;
    private final EventStore store;
    private final ExecutorService executor;
    private final ScheduledExecutorService reporter;
    private final boolean tls;

    private MgmtServer(HttpServer server, EventStore store, ExecutorService executor, ScheduledExecutorService reporter, boolean tls) {
        this.server = server;
        this.store = store;
        this.executor = executor;
        this.reporter = reporter;
        this.tls = tls;
    }

    static MgmtServer start(Options o) throws IOException {
        if ((o.tlsCert() == null) != (o.tlsKey() == null)) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        if (o.clientCa() != null && o.tlsCert() == null) {
            throw new IllegalArgumentException("--client-ca (mTLS) needs --tls-cert and --tls-key");
        }
        String token = null;
        if (o.tokenFile() != null) {
            token = Files.readString(o.tokenFile(), StandardCharsets.UTF_8).trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException(o.tokenFile() + " is empty");
            }
        }
        EventStore store = EventStore.open(o.data());
        try {
            InetSocketAddress address = new InetSocketAddress(o.bind(), o.port());
            HttpServer server;
            if (o.tlsCert() != null) {
                SSLContext ctx = PemTls.context(o.tlsCert(), o.tlsKey(), o.clientCa());
                HttpsServer https = HttpsServer.create(address, 128);
                boolean mtls = o.clientCa() != null;
                https.setHttpsConfigurator(new HttpsConfigurator(ctx) {
                    @Override
                    public void configure(HttpsParameters params) {
                        SSLParameters p = getSSLContext().getDefaultSSLParameters();
                        p.setNeedClientAuth(mtls);
                        params.setSSLParameters(p);
                    }
                });
                server = https;
            } else {
                server = HttpServer.create(address, 128);
            }
            Auth auth = new Auth(token);
            Faults faults = o.testFaults() ? new Faults() : null;
            if (faults != null && o.testFaultPlan() != null) {
                faults.set(io.outpost.common.json.Json.mapper().readTree(o.testFaultPlan()));
            }
            ReceiverMetrics metrics = new ReceiverMetrics();
            IngestHandler ingest = new IngestHandler(store, auth, faults, metrics.ingestBytes);
            StatsHandler stats = new StatsHandler(store, auth, ingest, faults);
            server.createContext("/api/v1/ingest", ingest);
            server.createContext(BundleHandler.PREFIX, new BundleHandler(o.bundles() == null ? null : new BundleFolder(o.bundles()), auth, faults,
                    metrics));
            server.createContext("/metrics", new MetricsHandler(metrics.registry(store, ingest), auth));
            server.createContext("/api/v1/stats", stats);
            if (faults != null) {
                server.createContext("/test/faults", new FaultsHandler(faults));
                LOG.warn("test fault injection is enabled (POST /test/faults); never use --test-faults outside tests");
            }
            ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
                Thread t = new Thread(r, "mgmt-http");
                t.setDaemon(true);
                return t;
            });
            server.setExecutor(executor);
            server.start();
            ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "mgmt-report");
                t.setDaemon(true);
                return t;
            });
            long[] last = {-1, -1};
            reporter.scheduleWithFixedDelay(() -> {
                var s = stats.snapshot();
                long accepted = s.path("accepted").asLong();
                long dups = s.path("duplicates").asLong();
                if (last[0] >= 0 && (accepted != last[0] || dups != last[1])) {
                    LOG.info("received {} new events and {} duplicates in the last 10 s; {} events stored",
                            accepted - last[0], dups - last[1], accepted);
                }
                last[0] = accepted;
                last[1] = dups;
            }, 0, 10, TimeUnit.SECONDS);
            return new MgmtServer(server, store, executor, reporter, o.tlsCert() != null);
        } catch (IOException | RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** "http=127.0.0.1:9080" or "https=..." for the ready line. */
    String listening() {
        InetSocketAddress a = server.getAddress();
        return (tls ? "https=" : "http=") + a.getAddress().getHostAddress() + ":" + a.getPort();
    }

    @Override
    public void close() throws IOException {
        server.stop(1);
        reporter.shutdownNow();
        executor.shutdownNow();
        store.close();
    }
}
