package io.outpost.gateway.pipeline;

import io.outpost.gateway.GatewayMain;
import java.util.ArrayList;
import java.util.List;

/**
 * The gateway with the test-only stages added to the production order, each with one line: how a
 * new stage plugs in. Run as a real subprocess by {@code PipelineSeamTest}.
 */
public final class TestStagesGatewayMain {
    private TestStagesGatewayMain() {}

    public static void main(String[] args) {
        int code = GatewayMain.run(args, System.out, System.err, production -> {
            List<StageFactory> order = new ArrayList<>(production);
            order.add(0, RefuseOnHeaderStage::forRoute);
            order.add(1, SlowAnswerStage::forRoute);
            order.add(2, BodyInspectingStage::forRoute);
            order.add(3, KeyTypeStage::forRoute);
            order.add(4, ResponseReadingStage::forRoute);
            return order;
        }, (generations, compiler) -> {});
        if (code != 0) {
            System.exit(code);
        }
    }
}
