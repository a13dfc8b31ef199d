package io.outpost.gateway.security.introspection;

import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * One RFC 7662 call: {@code POST token=…&token_type_hint=access_token} with the gateway's client
 * credentials in HTTP Basic (§2.1; RFC 6749 §2.3.1 form-encodes both before base64). The JDK's
 * HttpClient does it asynchronously on two threads of its own (plus its selector thread), never an
 * event loop's, no proxy, no redirect followed. The client is made at the first call, so a gateway
 * that never sees an unknown opaque token never starts a thread or opens a connection for it.
 * The whole call, body included, is bounded by {@code timeoutMillis}.
 */
final class IntrospectionClient {
    /** An RFC 7662 answer is a few hundred bytes; WSO2's are under 1 KiB. */
    static final int MAX_ANSWER_BYTES = 64 * 1024;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final IntrospectionSettings settings;
    private final String authorization;
    private volatile HttpClient client;

    IntrospectionClient(IntrospectionSettings settings) {
        this.settings = settings;
        String pair = URLEncoder.encode(settings.clientId(), StandardCharsets.UTF_8) + ":"
                + URLEncoder.encode(settings.clientSecret(), StandardCharsets.UTF_8);
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** The key manager's answer; completes with {@link Answer.Unavailable} rather than exceptionally. */
    CompletableFuture<Answer> introspect(String token) {
        Duration timeout = Duration.ofMillis(settings.timeoutMillis());
        HttpRequest request = HttpRequest.newBuilder(settings.endpoint())
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", authorization)
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)
                        + "&token_type_hint=access_token"))
                .build();
        CompletableFuture<HttpResponse<byte[]>> call;
        try {
            call = client().sendAsync(request, info -> new BoundedBody(MAX_ANSWER_BYTES));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new Answer.Unavailable("cannot call: " + e.getMessage()));
        }
        // The copy times out, not the call itself: cancelling the call is what aborts its exchange.
        return call.copy().orTimeout(settings.timeoutMillis(), TimeUnit.MILLISECONDS)
                .handle((response, failure) -> {
                    if (failure != null) {
                        call.cancel(true);
                        return new Answer.Unavailable(describe(failure));
                    }
                    if (response.statusCode() != 200) {
                        return new Answer.Unavailable("answered HTTP " + response.statusCode()
                                + (response.statusCode() == 401 ? " (are clientId and clientSecretFile right?)" : ""));
                    }
                    try {
                        return IntrospectionResponse.parse(response.body());
                    } catch (IllegalArgumentException e) {
                        return new Answer.Unavailable("answered something else than RFC 7662: " + e.getMessage());
                    }
                });
    }

    private String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
            return "no answer within " + settings.timeoutMillis() + " ms";
        }
        if (cause instanceof IOException) {
            return "unreachable: " + cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        }
        return "failed: " + cause;
    }

    private HttpClient client() {
        HttpClient c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    client = c = build();
                }
            }
        }
        return c;
    }

    private HttpClient build() {
        ThreadPoolExecutor executor = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "outpost-introspect-" + THREADS.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.allowCoreThreadTimeOut(true);
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(executor)
                .connectTimeout(Duration.ofMillis(settings.timeoutMillis()))
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(HttpClient.Builder.NO_PROXY)
                .version(HttpClient.Version.HTTP_1_1);
        if (!settings.trustedCertificates().isEmpty()) {
            builder.sslContext(sslContext());
        }
        return builder.build();
    }

    private SSLContext sslContext() {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            for (int i = 0; i < settings.trustedCertificates().size(); i++) {
                store.setCertificateEntry("km-" + i, settings.trustedCertificates().get(i));
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the key manager's trust: " + e.getMessage(), e);
        }
    }
}
