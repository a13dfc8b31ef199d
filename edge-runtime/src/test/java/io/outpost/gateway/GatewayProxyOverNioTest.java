package io.outpost.gateway;

/** Every proxy case again on Java NIO, what systems without Netty's native transports get. */
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
