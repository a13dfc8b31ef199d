package io.outpost.gateway.proxy;

import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * A client connection's messages not yet handed to an exchange, in arrival order, so that a later
 * (pipelined) request never overtakes the current one; at most {@code limits.maxPipelinedRequests}
 * requests among them.
 */
final class PipelinedRequests {
    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private final int maxRequests;
    private int requests;

    PipelinedRequests(int maxRequests) {
        this.maxRequests = maxRequests;
    }

    /** @return false, keeping nothing, when the message is one request too many */
    boolean add(Object message) {
        if (message instanceof HttpRequest && ++requests > maxRequests) {
            return false;
        }
        queued.add(message);
        return true;
    }

    Object poll() {
        Object next = queued.poll();
        if (next instanceof HttpRequest) {
            requests--;
        }
        return next;
    }

    boolean isEmpty() {
        return queued.isEmpty();
    }

    /** The connection closed: what it queued goes. */
    void releaseAll() {
        while (!queued.isEmpty()) {
            ReferenceCountUtil.release(queued.poll());
        }
    }
}
