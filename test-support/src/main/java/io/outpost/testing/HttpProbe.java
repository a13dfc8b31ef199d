package io.outpost.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * An HTTP client as a process of its own, for tests whose server runs where the test JVM cannot
 * connect (inside a network namespace): {@code HttpProbe URL [COUNT]} sends COUNT GETs one after
 * another and prints {@code probe done STATUS=N ...} ({@code error} for a request that got no answer).
 */
public final class HttpProbe {
    private HttpProbe() {}

    public static void main(String[] args) throws InterruptedException {
        URI uri = URI.create(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, Integer> answers = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            String key;
            try {
                key = Integer.toString(http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(20)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode());
            } catch (IOException e) {
                key = "error";
                System.err.println("probe: " + uri + ": " + e);
            }
            answers.merge(key, 1, Integer::sum);
        }
        StringBuilder line = new StringBuilder("probe done");
        answers.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
        System.out.println(line);
    }
}
