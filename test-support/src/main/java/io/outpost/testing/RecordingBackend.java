package io.outpost.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A backend on loopback that reads requests byte by byte, as strictly as a backend that trusts its
 * proxy would (Content-Length or chunked framing), and records what arrived: each request read to
 * its end ({@link #complete()}) and each connection that closed in the middle of a request
 * ({@link #incomplete()}). Every complete request is answered {@code 200 ok}. For framing tests,
 * which must show that a request the gateway refuses never reaches a backend as a complete request.
 */
public final class RecordingBackend implements AutoCloseable {

    /** A request as the backend received it: the request line's target, the head's fields and the body. */
    public record Received(String target, Map<String, String> fields, String body) {
        public String field(String name) {
            return fields.get(name.toLowerCase(Locale.ROOT));
        }
    }

    private final ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    private final List<Received> complete = new CopyOnWriteArrayList<>();
    private final List<String> incomplete = new CopyOnWriteArrayList<>();
    private final Map<Socket, Boolean> open = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger reading = new java.util.concurrent.atomic.AtomicInteger();

    private final String responseFields;

    public RecordingBackend() throws IOException {
        this("");
    }

    /** @param responseFields header lines (each ending in CRLF) added to every answer, byte for byte */
    public RecordingBackend(String responseFields) throws IOException {
        this.responseFields = responseFields;
        Thread acceptor = new Thread(this::accept, "recording-backend");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getLocalPort() + path;
    }

    public List<Received> complete() {
        return complete;
    }

    /** The targets of requests whose connection closed before their end. */
    public List<String> incomplete() {
        return incomplete;
    }

    /** Connections in the middle of a request: its line read, its end not yet (or its close not yet seen). */
    public int reading() {
        return reading.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.put(s, true);
                Thread t = new Thread(() -> serve(s), "recording-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        String target = null;
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            String requestLine;
            while ((requestLine = line(in)) != null) {
                target = requestLine.split(" ", 3)[1];
                reading.incrementAndGet();
                Map<String, String> fields = new java.util.LinkedHashMap<>();
                String field;
                while ((field = line(in)) != null && !field.isEmpty()) {
                    int colon = field.indexOf(':');
                    fields.merge(field.substring(0, colon).trim().toLowerCase(Locale.ROOT), field.substring(colon + 1).trim(),
                            (a, b) -> a + "," + b);
                }
                String body = field == null ? null : body(in, fields);
                if (body == null) {
                    return;
                }
                complete.add(new Received(target, fields, body));
                target = null;
                reading.decrementAndGet();
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n" + responseFields + "\r\nok").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            // the gateway closed or reset the connection
        } finally {
            if (target != null) {
                incomplete.add(target);
                reading.decrementAndGet();
            }
            open.remove(s);
        }
    }

    /** The body as its framing says, or null when the connection ends first. */
    private static String body(InputStream in, Map<String, String> fields) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if ("chunked".equalsIgnoreCase(fields.get("transfer-encoding"))) {
            while (true) {
                String sizeLine = line(in);
                if (sizeLine == null) {
                    return null;
                }
                int size = Integer.parseInt(sizeLine.split(";")[0].trim(), 16);
                if (size == 0) {
                    String trailer;
                    while ((trailer = line(in)) != null && !trailer.isEmpty()) {
                        // trailers are not recorded
                    }
                    return trailer == null ? null : body.toString(StandardCharsets.ISO_8859_1);
                }
                byte[] data = in.readNBytes(size);
                if (data.length < size || line(in) == null) {
                    return null;
                }
                body.write(data);
            }
        }
        int length = fields.containsKey("content-length") ? Integer.parseInt(fields.get("content-length")) : 0;
        byte[] data = in.readNBytes(length);
        return data.length < length ? null : new String(data, StandardCharsets.ISO_8859_1);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                int len = sb.length();
                return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open.keySet()) {
            s.close();
        }
    }
}
