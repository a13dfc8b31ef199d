package io.outpost.gateway.endpoint;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What a leased backend connection reports to the exchange that holds it. */
public interface BackendListener {
    void onResponseHead(HttpResponse response);

    void onResponseContent(HttpContent content);

    /**
     * A response read as bytes (see {@link RawResponseReader}): its head and the body bytes that
     * came with it, all in {@code buf}, which the listener now owns.
     *
     * @param last     whether the response ends in {@code buf}
     * @param reusable false when the backend sent more than the response: the connection is out of step
     */
    void onRawResponse(RawResponseHead head, ByteBuf buf, boolean last, boolean reusable);

    /** More body bytes of a response begun with {@link #onRawResponse}; the listener owns {@code buf}. */
    void onRawBody(ByteBuf buf, boolean last, boolean reusable);

    void onBackendReadComplete();

    /** The backend can take more of the request body. */
    void onBackendWritable();

    void onBackendClosed();
}
