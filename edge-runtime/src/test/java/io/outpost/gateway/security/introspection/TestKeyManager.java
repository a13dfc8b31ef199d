package io.outpost.gateway.security.introspection;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.outpost.testing.TestCa;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real RFC 7662 endpoint on a loopback port (the JDK's HTTP server, TLS from a CA made by the
 * test): it checks the client's credentials and the form as a key manager would, answers each token
 * with the JSON set for it ({@code {"active": false}} for any other), and counts the calls. It can
 * hold its answers (a latch) or be slow, to show calls shared and timeouts.
 */
final class TestKeyManager implements AutoCloseable {
    static final String CLIENT_ID = "gateway-7";
    static final String CLIENT_SECRET = "s3cr3t:with/odd&chars";

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final String scheme;
    final AtomicInteger calls = new AtomicInteger();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final Map<String, String> answers = new ConcurrentHashMap<>();
    volatile CountDownLatch hold;
    volatile long delayMillis;

    private TestKeyManager(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/oauth2/introspect", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    static TestKeyManager http() throws IOException {
        return new TestKeyManager(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0), "http");
    }

    /** HTTPS with a certificate for 127.0.0.1 issued by {@code ca}. */
    static TestKeyManager https(TestCa ca) throws IOException {
        TestCa.Issued cert = ca.issue("km", java.util.Set.of(TestCa.Usage.SERVER), "127.0.0.1");
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(ca.serverContext(cert)));
        return new TestKeyManager(server, "https");
    }

    URI endpoint() {
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/oauth2/introspect");
    }

    TestKeyManager active(String token, String json) {
        answers.put(token, json);
        return this;
    }

    private void handle(HttpExchange exchange) throws IOException {
        calls.incrementAndGet();
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String expected = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":"
                    + java.net.URLEncoder.encode(CLIENT_SECRET, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
                problems.add(exchange.getRequestMethod() + " " + exchange.getRequestHeaders().getFirst("Content-Type"));
            }
            if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                reply(exchange, 401, "{\"error\":\"invalid_client\"}");
                return;
            }
            String token = null;
            String hint = null;
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                String name = pair.substring(0, eq);
                String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("token")) {
                    token = value;
                } else if (name.equals("token_type_hint")) {
                    hint = value;
                }
            }
            if (token == null || !"access_token".equals(hint)) {
                problems.add("form: " + body.replaceAll("token=[^&]*", "token=…"));
                reply(exchange, 400, "{\"error\":\"invalid_request\"}");
                return;
            }
            CountDownLatch latch = hold;
            if (latch != null) {
                latch.await(10, TimeUnit.SECONDS);
            }
            if (delayMillis > 0) {
                Thread.sleep(delayMillis); // a slow key manager: what is under test is the gateway's timeout
            }
            reply(exchange, 200, answers.getOrDefault(token, "{\"active\":false}"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client went away (a timeout under test)
        }
    }

    private static void reply(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops listening: the port refuses connections from now on. */
    @Override
    public void close() {
        CountDownLatch latch = hold;
        if (latch != null) {
            latch.countDown();
        }
        server.stop(0);
        threads.shutdownNow();
    }
}
