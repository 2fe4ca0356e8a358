package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.RawHttp;
import org.xiangtu.testing.TestServer;

/**
 * Every route of the route table, as the public and as an administrator (past every role check), with
 * generated bad path segments, query parameters, bodies and headers from a fixed seed (set another with
 * {@code -Dxiangtu.fuzz.seed=N}; {@code -Dxiangtu.fuzz.perRoute=N} requests per route and client): no
 * answer is 5xx, every error is problem+json, and no body shows a class, SQL or a file path. Bounded in
 * count and time. {@link FuzzPostgisIT} runs it on PostGIS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FuzzTest {
    static final long SEED = Long.getLong("xiangtu.fuzz.seed", 20261204L);
    static final int PER_ROUTE = Integer.getInteger("xiangtu.fuzz.perRoute", 25);
    /** Texts that must never be in an answer: stack traces, classes, SQL engines' words, server paths. */
    static final List<String> LEAKS = List.of("Exception", "\tat ", "org.xiangtu", "java.", "javax.", "org.eclipse",
            "io.javalin", "com.fasterxml", "SQLITE", "SQLState", "SQLSTATE", "PSQL", "org.postgresql",
            "syntax error", "StreamReadConstraints");
    /** Where the store is: administrators see it on /health, nobody else anywhere. */
    static final List<String> PLACES = List.of("/tmp/", "/work/", "jdbc:", "xiangtu_it_", "test.gpkg");
    static final List<String> NAMES = List.of("bbox", "limit", "offset", "datetime", "f", "asOf", "year", "reach",
            "properties", "sortby", "action", "user", "from", "to", "format", "layer", "ids", "kind", "status", "code",
            "town_code", "village_code", "name", "distance", "layers", "geometry", "q", "", "limit[]", "乡", "a b");
    static final List<String> BODY_FIELDS = List.of("name", "password", "geometry", "distance", "layers", "layer",
            "format", "status", "progress_pct", "note", "published", "title", "ids", "greenway", "fields", "reach",
            "type", "coordinates", "properties");

    private TestServer server;
    private ApiClient admin;

    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        server.addUser("fuzz-admin", Role.ADMIN, "fuzz-admin-password");
        admin = server.client();
        assertThat(admin.signIn("fuzz-admin", "fuzz-admin-password").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /**
     * Sends the request; a connection the client found closed before any answer (a pooled keep-alive
     * connection the server had just timed out) is tried once more on a new one, and a second silence
     * is a failure naming the request. Returns null then.
     */
    private static HttpResponse<String> sendOnce(ApiClient client, Request req, List<String> failures) {
        for (int attempt = 0; ; attempt++) {
            try {
                return client.send(req.method, req.target, req.body, req.headers);
            } catch (IllegalStateException e) {
                if (!(e.getCause() instanceof java.io.IOException) || attempt > 0) {
                    failures.add(req.describe() + " → no answer: " + e.getCause());
                    return null;
                }
            }
        }
    }

    @Test
    void no_generated_request_gets_a_5xx_a_non_problem_error_or_a_leak() {
        Random random = new Random(SEED);
        List<String> failures = new ArrayList<>();
        long deadline = System.nanoTime() + 240_000_000_000L;
        int sent = 0;
        for (Routes.Route route : server.routes().all()) {
            if (route.path().equals("/events") || (route.method().name().equals("DELETE")
                    && route.path().equals("/api/session"))) {
                continue; // a stream, and signing out: below
            }
            for (ApiClient client : List.of(server.client(), admin)) {
                for (int i = 0; i < PER_ROUTE && System.nanoTime() < deadline; i++) {
                    Request req = generate(random, route);
                    HttpResponse<String> r = sendOnce(client, req, failures);
                    if (r == null) {
                        continue;
                    }
                    check(req.describe(), r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body(),
                            failures);
                    if (client != admin) {
                        PLACES.stream().filter(p -> r.body() != null && r.body().contains(p)).findFirst().ifPresent(p ->
                                failures.add(req.describe() + " → shows where the store is ('" + p + "') to the "
                                        + "public: " + abbreviate(r.body())));
                    }
                    sent++;
                }
            }
        }
        // the event stream: odd Accept and Last-Event-ID headers
        for (String lastId : List.of("-1", "99999999999999999999", "abc", "1e3", "0", "")) {
            HttpResponse<InputStream> r = server.client().open("/events",
                    Map.of("Accept", "text/event-stream", "Last-Event-ID", lastId));
            try (InputStream in = r.body()) {
                assertThat(r.statusCode()).as("/events Last-Event-ID " + lastId).isLessThan(500);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        HttpResponse<String> plain = server.client().send("GET", "/events", null, Map.of("Accept", "*/*"));
        check("GET /events Accept */*", plain.statusCode(), plain.headers().firstValue("Content-Type").orElse(""),
                plain.body(), failures);
        // signing out with bad tokens
        for (String token : List.of("", "x", "y".repeat(100))) {
            ApiClient c = server.client();
            HttpResponse<String> r = c.send("DELETE", "/api/session", null, Map.of("X-CSRF-Token", token));
            check("DELETE /api/session token " + token, r.statusCode(), r.headers().firstValue("Content-Type")
                    .orElse(""), r.body(), failures);
        }
        sent += raw(random, failures);
        assertThat(failures.stream().limit(40).toList()).as(failures.size() + " failures among " + sent
                + " requests (seed " + SEED + "); the first 40").isEmpty();
        assertThat(sent).isGreaterThan(server.routes().all().size() * 2);
    }

    /** Requests no client library builds: bad encodings, broken bodies, odd framing. */
    private int raw(Random random, List<String> failures) {
        int port = server.app.port();
        List<String> requests = new ArrayList<>(List.of(
                "GET /ogc/collections/villages/items?name=%C3%28 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /ogc/collections/villages/items?%ZZ=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /ogc/collections/villages/items?name=%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\n"
                        + "Connection: close\r\n\r\n\u00ff\u00fe\u0000{}",
                "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                        + "Connection: close\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n",
                "POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -3\r\n"
                        + "Connection: close\r\n\r\n{}",
                "GET /api/dashboard HTTP/1.1\r\nHost: x\r\nCookie: xiangtu_session=\u00ff\u00fe\r\nConnection: close\r\n\r\n",
                "GET /\u00e4 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
                "GET /api/dashboard?reach=1e2&reach=3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        for (int i = 0; i < 10; i++) {
            StringBuilder path = new StringBuilder("/ogc/collections/villages/items?");
            for (int j = 0; j < 3; j++) {
                path.append(pick(random, NAMES).replace(" ", "%20")).append('=');
                for (int k = 0; k < 4; k++) {
                    path.append('%').append(String.format("%02X", random.nextInt(256)));
                }
                path.append('&');
            }
            requests.add("GET " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
        for (String req : requests) {
            RawHttp.Answer a = RawHttp.send(port, req);
            check("raw " + req.lines().findFirst().orElse(""), a.status(), a.header("Content-Type") == null ? ""
                    : a.header("Content-Type"), a.body(), failures);
        }
        return requests.size();
    }

    private static void check(String what, int status, String contentType, String body, List<String> failures) {
        if (status >= 500) {
            failures.add(what + " → " + status + " " + abbreviate(body));
        } else if (status >= 400 && !contentType.equalsIgnoreCase("application/problem+json; charset=utf-8")) {
            failures.add(what + " → " + status + " as '" + contentType + "': " + abbreviate(body));
        }
        for (String leak : LEAKS) {
            if (body != null && body.contains(leak)) {
                failures.add(what + " → " + status + " shows '" + leak + "': " + abbreviate(body));
                break;
            }
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }

    record Request(String method, String target, String body, Map<String, String> headers) {
        String describe() {
            return method + " " + abbreviate(target) + (body == null ? "" : " body " + abbreviate(body)) + (headers.isEmpty() ? ""
                    : " headers " + headers);
        }
    }

    private static Request generate(Random random, Routes.Route route) {
        String path = route.path();
        for (String param : List.of("collectionId", "layer", "featureId", "code", "id")) {
            String sample = switch (param) {
                case "collectionId", "layer" -> pick(random, List.of("villages", "projects", "home_visits", "pl-x"));
                case "featureId" -> "village-500151112206";
                case "code" -> pick(random, List.of("500151112000", "500151112206"));
                default -> pick(random, List.of("project-001", "project-006"));
            };
            path = path.replace("{" + param + "}", random.nextInt(3) == 0 ? encode(fuzz(random)) : sample);
        }
        StringBuilder query = new StringBuilder();
        int params = random.nextInt(4);
        for (int i = 0; i < params; i++) {
            String name = random.nextInt(5) == 0 ? fuzz(random) : pick(random, NAMES);
            query.append(query.isEmpty() ? '?' : '&').append(encode(name)).append('=').append(encode(fuzz(random)));
        }
        String method = route.method().name();
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        if (!method.equals("GET") && !method.equals("DELETE")) {
            body = body(random);
            if (random.nextInt(6) == 0) {
                headers.put("Content-Type", pick(random, List.of("text/plain", "application/json; charset=latin1",
                        "multipart/form-data", "multipart/form-data; boundary=", "application/x-www-form-urlencoded")));
            }
        }
        if (random.nextInt(5) == 0) {
            headers.put("If-Match", pick(random, List.of("*", "\"\"", "W/\"1\"", "\"1-2\"", "garbage", "\"" + "9".repeat(40)
                    + "-1\"")));
        }
        if (random.nextInt(8) == 0) {
            headers.put("Accept", pick(random, List.of("application/xml", "*/*;q=0", "text/event-stream", "乡")
                    ).replace("乡", "%E4%B9%A1"));
        }
        if (random.nextInt(10) == 0) {
            headers.put("X-CSRF-Token", pick(random, List.of("", "wrong", "x".repeat(5000))));
        }
        return new Request(method, path + query, body, headers);
    }

    private static String body(Random random) {
        switch (random.nextInt(8)) {
            case 0:
                return "";
            case 1:
                return "[" .repeat(3000);
            case 2:
                return "{\"a\": " + "[".repeat(1500) + "]".repeat(1500) + "}";
            case 3:
                return pick(random, List.of("null", "[]", "42", "\"x\"", "{", "{\"a\":}", "{\"a\":1,}", "\u0000"));
            default:
                StringBuilder b = new StringBuilder("{");
                int fields = 1 + random.nextInt(4);
                for (int i = 0; i < fields; i++) {
                    if (i > 0) {
                        b.append(',');
                    }
                    b.append(json(pick(random, BODY_FIELDS))).append(':').append(value(random, 0));
                }
                return b.append('}').toString();
        }
    }

    private static String value(Random random, int depth) {
        switch (random.nextInt(depth > 2 ? 4 : 7)) {
            case 0:
                return json(fuzz(random));
            case 1:
                return pick(random, List.of("0", "-1", "1e309", "-1e-400", "123456789012345678901234567890", "0.5",
                        "100", "20000", "1000000"));
            case 2:
                return pick(random, List.of("true", "false", "null"));
            case 3:
                return "\"" + pick(random, List.of("Point", "Polygon", "LineString", "GeometryCollection", "done",
                        "planned", "geojson", "gpkg", "csv", "villages")) + "\"";
            case 4:
                return "{\"type\": \"" + pick(random, List.of("Point", "Polygon", "LineString", "MultiPolygon"))
                        + "\", \"coordinates\": " + coordinates(random) + "}";
            case 5: {
                StringBuilder b = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    b.append(i > 0 ? "," : "").append(value(random, depth + 1));
                }
                return b.append(']').toString();
            }
            default:
                return "{" + json(pick(random, BODY_FIELDS)) + ":" + value(random, depth + 1) + "}";
        }
    }

    private static String coordinates(Random random) {
        return pick(random, List.of("[]", "[106]", "[106, 29.8]", "[[106, 29.8], [106, 29.8]]",
                "[[[106, 29.8], [106.1, 29.8], [106.1, 29.9], [106, 29.8]]]", "[[[0, 0], [1, 1], [1, 0], [0, 1], [0, 0]]]",
                "[[[106, 29.8], [106.1, 29.8]]]", "[\"a\", \"b\"]", "[[[1e309, 0], [0, 0], [0, 1], [1e309, 0]]]",
                "[[[106, 29.8, 5, 6, 7], [106.1, 29.8], [106.1, 29.9], [106, 29.8, 5, 6, 7]]]"));
    }

    static String fuzz(Random random) {
        switch (random.nextInt(6)) {
            case 0:
                return pick(random, List.of("", " ", "-1", "0", "1e309", "NaN", "Infinity", "-0", "９", "1,2,3",
                        "1,2,3,4", "106,29,107,30", "106,29.8,106.1,29.9", "180,90,-180,-90", "2020-13-45",
                        "2020-02-30", "2020-01-01T00:00:00Z/..", "../..", "null", "true", "[]", "{}", "+8", "0x10",
                        "999999999999999999999"));
            case 1:
                return pick(random, List.of("' OR 1=1 --", "\"; DROP TABLE villages; --", "<script>alert(1)</script>",
                        "\u0000", "a\u0000b", "%00", "\ud83c\udf3e", "𠀀乡图", "\u202e\u0007\u001b[31m", "\r\nX-Injected: 1",
                        "${jndi:ldap://x}", "{{7*7}}", "*", "%", "_", "\\", "\\u0000"));
            case 2:
                return "x".repeat(1 + random.nextInt(3000));
            case 3: {
                StringBuilder b = new StringBuilder();
                int n = 1 + random.nextInt(20);
                for (int i = 0; i < n; i++) {
                    b.append((char) (0x20 + random.nextInt(0x5f)));
                }
                return b.toString();
            }
            case 4:
                return Integer.toString(random.nextInt(40_000) - 10_000);
            default:
                return String.format(Locale.ROOT, "%.6f,%.6f,%.6f,%.6f", 100 + random.nextDouble() * 10,
                        25 + random.nextDouble() * 10, 100 + random.nextDouble() * 10, 25 + random.nextDouble() * 10);
        }
    }

    private static String json(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <T> T pick(Random random, List<T> from) {
        return from.get(random.nextInt(from.size()));
    }
}
