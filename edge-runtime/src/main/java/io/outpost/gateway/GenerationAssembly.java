package io.outpost.gateway;

import io.outpost.common.model.ThrottlePolicies;
import io.outpost.gateway.config.GatewayConfig;
import io.outpost.gateway.endpoint.BackendConnector;
import io.outpost.gateway.endpoint.EndpointOverrides;
import io.outpost.gateway.endpoint.Upstreams;
import io.outpost.gateway.pipeline.Generation;
import io.outpost.gateway.pipeline.GenerationCompiler;
import io.outpost.gateway.pipeline.Generations;
import io.outpost.gateway.pipeline.LocalReplies;
import io.outpost.gateway.pipeline.StageFactory;
import io.outpost.gateway.routing.RouteTable;
import io.outpost.gateway.security.AuthenticationStage;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CorsStage;
import io.outpost.gateway.security.HttpsOnlyStage;
import io.outpost.gateway.security.SecurityMaterial;
import io.outpost.gateway.security.SecurityMaterials;
import io.outpost.gateway.security.bundles.TrustBundles;
import io.outpost.gateway.security.tls.MutualTlsStage;
import io.outpost.gateway.security.tls.TlsSettings;
import io.outpost.gateway.throttling.Throttling;
import io.outpost.gateway.throttling.blocking.BlockingConditions;
import io.outpost.gateway.throttling.blocking.BlockingStage;
import io.outpost.gateway.updates.AppliedUpdates;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The part of the gateway's assembly that makes generations (docs/architecture.md, "Generations"):
 * the pipeline's stage order, the material its stages decide with (keys, revocations, users), and
 * the new generation an applied trust bundle or a new artifact brings. {@link GatewayMain} starts
 * the process; this class is what it calls for everything a generation holds.
 */
final class GenerationAssembly {
    private static final long UPDATE_POLL_MILLIS = 2_000;

    /** The configuration in force: a reload brings a new one (its restart-only settings unchanged). */
    private volatile GatewayConfig config;
    private volatile TlsSettings tls;
    private final AppliedUpdates updates;
    private final ClockFloor clock;
    private final UnaryOperator<List<StageFactory>> addStages;
    private final AtomicReference<SecurityMaterial> security;
    private final Throttling throttling;
    /** The artifact's throttling tiers: a bundle's generation keeps them, a new artifact brings its own. */
    private volatile ThrottlePolicies policies = new ThrottlePolicies(null, null, null);
    private final AtomicLong numbers = new AtomicLong();
    /**
     * Held while a generation is made and swapped in: an applied bundle (the updates thread) and a
     * reload (the reload thread) each build on the generation in force, so one must not swap over
     * the other's.
     */
    private final Object making = new Object();

    /**
     * @param addStages changes the production stage order (a test adds its stages to it)
     * @throws IllegalArgumentException when a configured key, certificate or user cannot be used
     */
    GenerationAssembly(GatewayConfig config, TlsSettings tls, AppliedUpdates updates, ClockFloor clock,
                       Throttling throttling, UnaryOperator<List<StageFactory>> addStages) {
        this.config = config;
        this.tls = tls;
        this.updates = updates;
        this.clock = clock;
        this.addStages = addStages;
        this.throttling = throttling;
        this.security = new AtomicReference<>(material());
    }

    /**
     * The request pipeline's order, written once (docs/architecture.md, "Stage order"): route ▸
     * https-only ▸ CORS preflight ▸ blocked API or address ▸ mutual TLS ▸ per-address limit ▸
     * authenticate (and authorize) ▸ blocked application or user ▸ throttle ▸ validate ▸ mediate ▸ proxy. Each factory makes its stage only for the routes that
     * need it. Made per generation: the stages take that generation's keys, revocations, users and
     * tiers.
     */
    private List<StageFactory> stageOrder(SecurityMaterial security) {
        BlockingConditions blocking = BlockingConditions.from(config.throttling().blocking(), updates);
        return List.of(
                HttpsOnlyStage::forRoute,
                CorsStage::forRoute,
                BlockingStage.beforeAuthentication(blocking),
                MutualTlsStage.factory(security),
                throttling.addressLimit(),
                AuthenticationStage.factory(security),
                BlockingStage.afterAuthentication(blocking),
                throttling.tiers(policies)
                // validate, mediate (later issues)
        );
    }

    /** The first generation: the artifact's routes and upstreams, the material as the process starts. */
    Generation first(RouteTable routes, Upstreams upstreams, ThrottlePolicies artifactPolicies) {
        policies = artifactPolicies;
        SecurityMaterial material = security.get();
        if (tls.https() != null) { // the first generation's client CAs: a keys bundle's too
            tls.https().tls().reload(material.tls().mutualTls().clientCas(), "generation 1");
        }
        return compile(routes, upstreams, material);
    }

    /**
     * Keeps the generations current with the update bundles: a newly applied one makes a generation
     * with the same routes and upstreams (pools and breakers carry over) and new material; a renewed
     * HTTPS certificate or key on disk is read again on the same thread and timer.
     */
    void watch(Generations generations) {
        updates.watch(UPDATE_POLL_MILLIS, () -> {
            synchronized (making) {
                SecurityMaterial next = material();
                security.set(next);
                Generation current = generations.current();
                if (tls.https() != null) { // the certificate files read again, the new client CAs named
                    tls.https().tls().reload(next.tls().mutualTls().clientCas(), "generation " + (numbers.get() + 1));
                }
                generations.swap(compile(current.routes(), current.upstreams(), next));
            }
        });
        if (tls.https() != null) {
            updates.alsoPoll(UPDATE_POLL_MILLIS, tls.https().tls()::reloadIfChanged);
        }
    }

    /**
     * A reload: the verified plan's configuration, material, routes, upstreams and the new artifact's
     * throttling tiers make a generation, swapped in under the same lock as a bundle's. Exchanges
     * under way finish on the generation they started with; the listeners, event loops and
     * connections are untouched (what would change them is refused before this, {@link RestartSettings}).
     *
     * @return the generation now in force
     * @throws IllegalArgumentException when the material or the endpoints cannot be built; nothing changed then
     */
    Generation reload(GatewayPlan plan, BackendConnector backends, Generations generations) {
        synchronized (making) {
            GatewayConfig next = plan.config();
            TlsSettings nextTls = new TlsSettings(tls.https(), next.tls().mutualTls());
            SecurityMaterial material = SecurityMaterials.build(next, TrustBundles.from(updates, clock), clock);
            Upstreams upstreams = Upstreams.ofRoutes(plan.routes().routes(), new EndpointOverrides(System.getenv()), backends, next);
            config = next;
            tls = nextTls;
            policies = plan.artifact().policies(); // the new artifact's tiers, not the first one's
            security.set(material);
            if (tls.https() != null) { // the client CAs gateway.yaml may have changed
                tls.https().tls().reload(material.tls().mutualTls().clientCas(), "generation " + (numbers.get() + 1));
            }
            Generation generation = compile(plan.routes(), upstreams, material);
            generations.swap(generation);
            return generation;
        }
    }

    /** What a new artifact (or a test) is compiled with: new routes and upstreams, the material in force. */
    GenerationCompiler compiler(BackendConnector backends) {
        return apis -> {
            synchronized (making) {
                RouteTable table = RouteTable.of(apis);
                return compile(table, Upstreams.ofRoutes(table.routes(), new EndpointOverrides(System.getenv()), backends, config),
                        security.get());
            }
        };
    }

    private Generation compile(RouteTable routes, Upstreams upstreams, SecurityMaterial material) {
        Generation generation = Generation.compile(numbers.incrementAndGet(), routes, addStages.apply(stageOrder(material)),
                LocalReplies.WSO2_FAULTS, upstreams);
        throttling.forgetUnused();
        return generation;
    }

    private SecurityMaterial material() {
        return SecurityMaterials.build(config, TrustBundles.from(updates, clock), clock);
    }
}
