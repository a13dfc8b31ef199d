package io.outpost.gateway.pipeline;

import io.outpost.common.artifact.ArtifactException;
import io.outpost.common.artifact.TrustPolicy;
import io.outpost.gateway.GatewayMain;
import io.outpost.gateway.artifact.LoadedArtifact;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The gateway with {@link DecisionLogStage} first in the order, and a thread that swaps the
 * generation every 2 ms between the artifact's and the one compiled from the artifact named by
 * {@code OUTPOST_TEST_SECOND_ARTIFACT}. Run as a real subprocess by {@code GenerationSwapTest}.
 */
public final class SwappingGatewayMain {
    private SwappingGatewayMain() {}

    public static void main(String[] args) {
        int code = GatewayMain.run(args, System.out, System.err, production -> {
            List<StageFactory> order = new ArrayList<>(production);
            order.add(0, DecisionLogStage::forRoute);
            return order;
        }, (generations, compiler) -> {
            Generation first = generations.current();
            Generation second;
            try {
                Path file = Path.of(System.getenv("OUTPOST_TEST_SECOND_ARTIFACT"));
                second = compiler.compile(LoadedArtifact.load(file, TrustPolicy.of(List.of(), true)).apis());
            } catch (ArtifactException e) {
                throw new IllegalStateException(e);
            }
            Thread swapper = new Thread(() -> {
                for (long n = 0; ; n++) {
                    generations.swap(n % 2 == 0 ? second : first);
                    LockSupport.parkNanos(2_000_000);
                }
            }, "generation-swapper");
            swapper.setDaemon(true);
            swapper.start();
        });
        if (code != 0) {
            System.exit(code);
        }
    }
}
