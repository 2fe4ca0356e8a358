package org.xiangtu.bench;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.testing.TestServer;

/**
 * What a briefing pack allocates (issue 19, item 5; not a test; bench/README.md, "Briefing packs"): the app
 * in this JVM on a GeoPackage of the demo county (built from {@code data/} when FILE does not exist), {@code GET /api/briefing?QUERY} asked
 * over HTTP, and around each request the bytes every thread of the JVM has allocated so far
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}). Per request it prints the largest
 * per-thread difference (the thread that made the pack: Jetty's request thread) and the sum over all threads
 * (the pack, plus the HTTP client receiving it and anything else running). Two warm-up requests first.
 *
 * <pre>
 * BriefingAllocBench FILE.gpkg N QUERY...   e.g. scope=district&amp;asOf=2026-11-30&amp;year=2025
 * </pre>
 */
public final class BriefingAllocBench {
    private BriefingAllocBench() {
    }

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        HttpClient http = HttpClient.newHttpClient();
        try (TestServer server = TestServer.startOn(file, Map.of())) {
            for (String query : Arrays.asList(args).subList(2, args.length)) {
                URI uri = URI.create(server.url("/api/briefing?" + query));
                for (int i = 0; i < 2; i++) {
                    fetch(http, uri);
                }
                List<Long> request = new ArrayList<>();
                List<Long> all = new ArrayList<>();
                int bytes = 0;
                for (int i = 0; i < n; i++) {
                    Map<Long, Long> before = allocated(threads);
                    bytes = fetch(http, uri);
                    Map<Long, Long> after = allocated(threads);
                    long max = 0;
                    long sum = 0;
                    for (Map.Entry<Long, Long> e : after.entrySet()) {
                        long d = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                        max = Math.max(max, d);
                        sum += d;
                    }
                    request.add(max);
                    all.add(sum);
                }
                System.out.printf("alloc %s: pdf %,d bytes; request thread %s MB (median %.1f), all threads %s MB "
                        + "(median %.1f)%n", query, bytes, mb(request), median(request), mb(all), median(all));
            }
        }
        System.exit(0); // the app's non-daemon threads
    }

    private static int fetch(HttpClient http, URI uri) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200 || r.body().length < 5 || r.body()[0] != '%') {
            throw new IllegalStateException(uri + " answered " + r.statusCode() + ": "
                    + new String(r.body(), 0, Math.min(300, r.body().length), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.body().length;
    }

    private static Map<Long, Long> allocated(com.sun.management.ThreadMXBean threads) {
        long[] ids = threads.getAllThreadIds();
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        Map<Long, Long> m = new HashMap<>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                m.put(ids[i], bytes[i]);
            }
        }
        return m;
    }

    private static String mb(List<Long> values) {
        return values.stream().map(v -> String.format("%.1f", v / 1e6)).toList().toString();
    }

    private static double median(List<Long> values) {
        List<Long> s = values.stream().sorted().toList();
        int k = s.size();
        return (k % 2 == 1 ? s.get(k / 2) : (s.get(k / 2 - 1) + s.get(k / 2)) / 2.0) / 1e6;
    }
}
