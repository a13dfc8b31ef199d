package io.outpost.gateway.endpoint;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;

/** What a leased backend connection reports to the exchange that holds it. */
public interface BackendListener {
    void onResponseHead(HttpResponse response);

    void onResponseContent(HttpContent content);

    void onBackendReadComplete();

    /** The backend can take more of the request body. */
    void onBackendWritable();

    void onBackendClosed();
}
