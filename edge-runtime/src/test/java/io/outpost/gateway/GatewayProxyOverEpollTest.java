package io.outpost.gateway;

/** Every proxy case again on epoll, what kernels without io_uring (or a seccomp filter against it) get. */
class GatewayProxyOverEpollTest extends GatewayProxyTest {
    @Override
    String transport() {
        return "epoll";
    }

    @Override
    String expectedTransport() {
        return "epoll";
    }
}
