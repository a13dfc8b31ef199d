package io.outpost.gateway;

import io.outpost.common.logging.LogSetup;
import io.outpost.common.logging.OperatorWarnings;
import io.outpost.common.yaml.ErrorFormat;
import io.outpost.gateway.admin.AdminState;
import io.outpost.gateway.admin.ReloadResult;
import io.outpost.gateway.endpoint.BackendConnector;
import io.outpost.gateway.metrics.ReloadMetrics;
import io.outpost.gateway.pipeline.Generation;
import io.outpost.gateway.pipeline.Generations;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reload without a restart (SIGHUP, or {@code POST /reload} on the admin port): gateway.yaml and
 * the artifact are loaded and verified by the start's own sequence ({@link GatewayPlan}); a plan
 * that changes no restart-only setting becomes a new generation, else the running one stays. One
 * reload at a time, on this class's thread, never on an event loop; the result goes to stderr (a
 * refusal as an operator warning), {@code /health} and the reload metrics. An applied reload puts
 * gateway.yaml's logging levels in force.
 */
final class Reloader {
    private final GatewayOptions options;
    private final GenerationAssembly assembly;
    private final Generations generations;
    private final BackendConnector backends;
    private final AdminState admin;
    private final ReloadMetrics metrics;
    private final PrintStream err;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "outpost-reload");
        t.setDaemon(true);
        return t;
    });
    /** The plan in force; only the reload thread reads and replaces it. */
    private GatewayPlan running;

    Reloader(GatewayOptions options, GatewayPlan running, GenerationAssembly assembly, Generations generations,
             BackendConnector backends, AdminState admin, ReloadMetrics metrics, PrintStream err) {
        this.options = options;
        this.running = running;
        this.assembly = assembly;
        this.generations = generations;
        this.backends = backends;
        this.admin = admin;
        this.metrics = metrics;
        this.err = err;
    }

    /** Reloads on SIGHUP from now on (the JVM's default for it would stop the gateway). */
    void onSighup() {
        sun.misc.SignalHandler before = sun.misc.Signal.handle(new sun.misc.Signal("HUP"), signal -> reload("SIGHUP"));
        if (before == sun.misc.SignalHandler.SIG_IGN) {
            // A process started with SIGHUP ignored (nohup, some supervisors) keeps it ignored: the JVM
            // installs no handler then and says nothing, so a reload by signal would silently do nothing.
            err.println("outpost gateway: warning: SIGHUP is ignored in this process (started under nohup?), so it"
                    + " cannot reload: use 'outpost gateway reload' (POST /reload on the admin port)");
            err.flush();
        }
    }

    /** Queues a reload; the future completes with its result (never exceptionally). */
    CompletableFuture<ReloadResult> reload(String why) {
        return CompletableFuture.supplyAsync(() -> reloadNow(why), thread);
    }

    private ReloadResult reloadNow(String why) {
        GatewayPlan next;
        try {
            next = GatewayPlan.load(options);
        } catch (StartupFailure f) {
            return refused(why, String.join("\n", f.lines()));
        } catch (RuntimeException e) {
            return refused(why, "cannot load: " + e);
        }
        List<String> restart = RestartSettings.changed(running, next);
        if (!restart.isEmpty()) {
            return refused(why, String.join(", ", restart) + (restart.size() == 1 ? " needs" : " need")
                    + " a restart (systemctl restart outpost-gateway); a reload applies the artifact, trust.publisherKeys,"
                    + " security and logging levels only");
        }
        Generation generation;
        try {
            generation = assembly.reload(next, backends, generations);
        } catch (RuntimeException e) {
            return refused(why, "cannot build the new generation: " + e.getMessage());
        }
        running = next;
        admin.artifact(next.artifact());
        // gateway.yaml's logging levels and timestamps in force from now on (the access log's on/off is restart-only)
        LogSetup.apply(next.config().logging(), System.getenv());
        next.warnings().forEach(w -> err.println(ErrorFormat.warning("outpost gateway", w))); // as at the start: one format
        String message = "generation " + generation.number() + " serves " + next.artifact().project().name() + "-"
                + next.artifact().project().version() + " sha256=" + next.artifact().sha256() + " apis="
                + next.artifact().apis().size();
        metrics.succeeded(generation.number());
        return done(why, new ReloadResult(Instant.now(), true, message, generation.number()));
    }

    private ReloadResult refused(String why, String message) {
        metrics.refused(message);
        return done(why, new ReloadResult(Instant.now(), false, message, generations.current().number()));
    }

    private ReloadResult done(String why, ReloadResult result) {
        admin.lastReload(result);
        if (result.applied()) {
            err.println("outpost gateway: reload (" + why + ") applied: " + result.message());
            err.flush();
        } else {
            // An operator warning, its one line (area "operator"); keyed by the reason, so another reason is always said
            // and only the same one repeated within 30 s is held back (the caller of the reload gets the reason anyway).
            OperatorWarnings.warn("reload-refused " + result.message(), "reload (" + why + ") REFUSED, the running generation "
                    + result.generation() + " stays: " + result.message());
        }
        return result;
    }
}
