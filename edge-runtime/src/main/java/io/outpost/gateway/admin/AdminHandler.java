package io.outpost.gateway.admin;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufOutputStream;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.outpost.common.json.Json;
import io.outpost.gateway.artifact.LoadedArtifact;
import io.outpost.gateway.metrics.GatewayMetrics;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The admin port (loopback by default): {@code /health} reports the gateway and the artifact it
 * serves, the journal's counters and the applied update bundles; {@code /ready} answers 200 while
 * the gateway takes new requests and 503 once it drains; {@code /updates} lists the applied bundle
 * sequence per type; {@code /metrics} renders the gateway's metrics in the Prometheus text format.
 * The admin port shares the data plane's event loops: every answer is built from memory.
 */
public final class AdminHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final AdminState state;

    public AdminHandler(AdminState state) {
        this.state = state;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        String path = request.uri().split("\\?", 2)[0];
        FullHttpResponse response;
        if (path.equals("/reload")) {
            reload(ctx, request);
            return;
        } else if (path.equals("/ready")) {
            boolean ready = state.ready();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("ready", ready);
            if (state.tls() != null) {
                // an expiring, even an expired, certificate is a warning here, never unready: restarting
                // or draining the gateway would not renew it, and plain HTTP and the admin port still serve
                body.put("tls", state.tls().expirySummary(Instant.now()));
            }
            response = json(ctx, ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE, Json.bytes(body));
        } else if (path.equals("/health")) {
            LoadedArtifact artifact = state.artifact();
            Map<String, Object> art = new LinkedHashMap<>();
            art.put("name", artifact.project().name());
            art.put("version", artifact.project().version());
            art.put("sha256", artifact.sha256());
            art.put("signer", artifact.signerKid());
            art.put("trustedSigner", artifact.signerTrusted());
            art.put("apis", artifact.apis().size());
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("service", "outpost-gateway"); // how `outpost gateway --check` knows a busy port is ours
            body.put("status", "UP");
            body.put("ready", state.ready());
            body.put("artifact", art);
            body.put("journal", journal());
            body.put("updates", state.updates().snapshot());
            if (state.tls() != null) {
                body.put("tls", state.tls().status());
            }
            ReloadResult reload = state.lastReload();
            body.put("lastReload", reload == null ? null : reload.toMap());
            response = json(ctx, HttpResponseStatus.OK, Json.bytes(body));
        } else if (path.equals("/metrics")) {
            response = metrics(ctx);
        } else if (path.equals("/updates")) {
            response = json(ctx, HttpResponseStatus.OK, Json.bytes(state.updates().snapshot()));
        } else {
            response = json(ctx, HttpResponseStatus.NOT_FOUND, "{\"status\":\"not found\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        send(ctx, HttpUtil.isKeepAlive(request), response);
    }

    /**
     * {@code POST /reload}: the reload runs on its own thread (a generation is never built on an
     * event loop) and the answer is written when it is done; only from this machine, whatever
     * address the admin port listens on.
     */
    private void reload(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        var reloads = state.reloads();
        if (!request.method().equals(io.netty.handler.codec.http.HttpMethod.POST)) {
            send(ctx, keepAlive, json(ctx, HttpResponseStatus.METHOD_NOT_ALLOWED, Json.bytes(Map.of("problem", "use POST /reload"))));
        } else if (!(ctx.channel().remoteAddress() instanceof java.net.InetSocketAddress peer) || !peer.getAddress().isLoopbackAddress()) {
            send(ctx, keepAlive, json(ctx, HttpResponseStatus.FORBIDDEN, Json.bytes(Map.of("problem", "reload is asked from this machine only"))));
        } else if (reloads == null) {
            send(ctx, keepAlive, json(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, Json.bytes(Map.of("problem", "not serving yet"))));
        } else {
            reloads.get().whenComplete((result, failure) -> {
                Map<String, Object> body = failure != null ? Map.of("result", "refused", "message", String.valueOf(failure)) : result.toMap();
                boolean applied = failure == null && result.applied();
                send(ctx, keepAlive, json(ctx, applied ? HttpResponseStatus.OK : HttpResponseStatus.CONFLICT, Json.bytes(body)));
            });
        }
    }

    private static void send(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        var future = ctx.writeAndFlush(response);
        if (!keepAlive) {
            future.addListener(ChannelFutureListener.CLOSE);
        }
    }

    private Map<String, Object> journal() {
        Map<String, Object> j = new LinkedHashMap<>();
        if (state.journal() == null) {
            j.put("enabled", false);
            j.put("problem", state.journalProblem());
            return j;
        }
        var stats = state.journal().stats();
        j.put("enabled", true);
        j.put("deviceId", state.journal().deviceId());
        j.put("epoch", state.journal().epoch());
        j.put("appended", stats.appended());
        j.put("droppedOverflow", stats.droppedOverflow());
        j.put("droppedDiskFull", stats.droppedDiskFull());
        // The disk budget, as the agent's status shows it from its side (skipped ranges, events
        // reported lost): lostToBudget is the gateway's count, deleted above the acknowledgement
        // plus droppedOverBudget, the exchanges not journaled while the live cycle alone was over
        // the budget (pausedOverBudget, until the next cycle starts).
        j.put("maxJournalBytes", state.journal().maxJournalBytes());
        j.put("lostToBudget", stats.lostToBudget());
        j.put("droppedOverBudget", stats.droppedOverBudget());
        j.put("pausedOverBudget", stats.pausedOverBudget());
        j.put("bytesOnDisk", stats.bytesOnDisk());
        j.put("lastIndex", stats.lastIndex());
        j.put("acknowledgedIndex", stats.acknowledgedIndex());
        j.put("suspended", stats.suspended());
        return j;
    }

    private FullHttpResponse metrics(ChannelHandlerContext ctx) {
        ByteBuf body = ctx.alloc().buffer(4096);
        try (ByteBufOutputStream out = new ByteBufOutputStream(body)) {
            state.metrics().writeText(out);
        } catch (IOException | RuntimeException e) {
            body.release();
            return json(ctx, HttpResponseStatus.INTERNAL_SERVER_ERROR, Json.bytes(Map.of("problem", String.valueOf(e))));
        }
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, GatewayMetrics.CONTENT_TYPE)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.readableBytes());
        return response;
    }

    private static FullHttpResponse json(ChannelHandlerContext ctx, HttpResponseStatus status, byte[] body) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                ctx.alloc().buffer(body.length).writeBytes(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return response;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

}
