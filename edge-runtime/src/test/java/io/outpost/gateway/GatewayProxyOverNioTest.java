package io.outpost.gateway;

import org.junit.jupiter.api.Tag;

/** Every proxy case again on Java NIO, what systems without Netty's native transports get. */
@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
class GatewayProxyOverNioTest extends GatewayProxyTest {
    @Override
    String transport() {
        return "nio";
    }

    @Override
    String expectedTransport() {
        return "nio";
    }
}
