package io.outpost.gateway.pipeline;

import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.FullHttpResponse;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.http.Faults.Fault;
import java.util.List;

/**
 * Renders the gateway's own answers (refusals and gateway errors) for a route's protocol. Every
 * local reply goes through one of these: WSO2 fault JSON today; a gRPC status in trailers and SOAP
 * 1.1/1.2 faults are later implementations, chosen per route, without touching the stages.
 */
@FunctionalInterface
public interface LocalReplies {

    /** WSO2 Microgateway fault bodies: {@code {"fault":{"code":…,"message":…,"description":…}}}. */
    LocalReplies WSO2_FAULTS = Faults::response;

    /** @param allow the methods for an Allow field (405), else empty */
    FullHttpResponse render(ByteBufAllocator alloc, Fault fault, List<String> allow);
}
