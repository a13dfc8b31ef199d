package io.outpost.gateway;

import org.junit.jupiter.api.Tag;

/** Every proxy case again on epoll, what kernels without io_uring (or a seccomp filter against it) get. */
@Tag("arm") // arm-test/run.sh: runs on aarch64 HotSpot under qemu-user too
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
