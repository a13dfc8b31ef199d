package io.outpost.gateway.pipeline;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.outpost.gateway.http.Faults;
import io.outpost.gateway.routing.Route;
import java.nio.charset.StandardCharsets;

/** Test-only: on POST routes, holds a body of up to 64 bytes and refuses it (400) when it contains "forbidden". */
final class BodyInspectingStage implements Stage {
    static final long MAX = 64;

    static Stage forRoute(Route route) {
        return route.resource().method().equalsIgnoreCase("POST") ? new BodyInspectingStage() : null;
    }

    @Override
    public Verdict onHead(ExchangeContext exchange) {
        return new Verdict.HoldBody(MAX);
    }

    @Override
    public Verdict onBody(ExchangeContext exchange, ByteBuf body) {
        String text = body.toString(StandardCharsets.UTF_8);
        return text.contains("forbidden")
                ? new Verdict.Refuse(Faults.badRequest("The body holds a forbidden word (" + body.readableBytes() + " bytes seen)."))
                : Verdict.CONTINUE;
    }
}
