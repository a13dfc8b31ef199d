package io.outpost.gateway;

/** Every limit again on epoll: its timeouts and connection cap are the transport's to enforce too. */
class LimitsOverEpollTest extends LimitsTest {
    @Override
    String transport() {
        return "epoll";
    }
}
