package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * {@code /events} under a flood of streams, and what it tells the public. The server trusts the tests'
 * address as a proxy, so {@code X-Forwarded-For} plays the client's address; its limits are small:
 * 40 streams, 20 per anonymous address, 10 kept for known clients (signed in, or a wall screen in
 * 10.9.0.0/24).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventsStreamsTest {
    TestServer server;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.start(overrides);
    }

    @BeforeAll
    void start() {
        server = startServer(Map.of("access.trustedProxies", "127.0.0.1", "access.eventStreams", "40",
                "access.eventStreamsPerAddress", "20", "access.eventStreamsReserved", "10",
                "access.screenAddresses", "10.9.0.0/24"));
        server.addUser("guihua", Role.PLANNER, "planner-password-1");
        server.addUser("lingdao", Role.LEADER, "leader-password-1");
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private EventsController events() {
        return server.routes().controllers().events();
    }

    /** A raw event stream: the status line, and the events read from it. */
    final class Stream implements AutoCloseable {
        final Socket socket;
        final BufferedReader in;
        final int status;

        Stream(Map<String, String> headers) throws IOException {
            socket = new Socket("127.0.0.1", server.app.port());
            StringBuilder req = new StringBuilder("GET /events HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Accept: text/event-stream\r\n");
            headers.forEach((k, v) -> req.append(k).append(": ").append(v).append("\r\n"));
            socket.getOutputStream().write(req.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.setSoTimeout(10_000);
            in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            status = Integer.parseInt(in.readLine().split(" ")[1]);
            if (status == 200) {
                assertThat(next(10_000)).containsEntry("event", "hello");
            }
        }

        /** The next event (its fields), or null if none comes within the time. */
        Map<String, String> next(int millis) throws IOException {
            socket.setSoTimeout(millis);
            Map<String, String> event = new LinkedHashMap<>();
            try {
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.isEmpty()) {
                        if (event.containsKey("event")) {
                            return event;
                        }
                        continue; // the end of the headers, or a comment block
                    }
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        event.put(line.substring(0, colon), line.substring(colon + 1).trim());
                    }
                }
                return null;
            } catch (SocketTimeoutException e) {
                return null;
            }
        }

        /** The next event that is not a heartbeat, or null. */
        Map<String, String> nextChange(int millis) throws IOException {
            long end = System.currentTimeMillis() + millis;
            while (System.currentTimeMillis() < end) {
                Map<String, String> e = next((int) Math.max(1, end - System.currentTimeMillis()));
                if (e == null || !"heartbeat".equals(e.get("event"))) {
                    return e;
                }
            }
            return null;
        }

        /** Closes abruptly (a reset), as a crashed client or a tool does. */
        void abort() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Stream open(String from) throws IOException {
        return new Stream(Map.of("X-Forwarded-For", from));
    }

    private static void waitUntil(java.util.function.BooleanSupplier done, int millis) throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!done.getAsBoolean() && System.currentTimeMillis() < end) {
            Thread.sleep(20);
        }
    }

    @Test
    void streams_closed_by_their_clients_are_dropped_at_once() throws Exception {
        List<Stream> streams = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            streams.add(open("10.1.0." + i));
        }
        waitUntil(() -> events().clients() >= 20, 5_000);
        assertThat(events().clients()).isEqualTo(20);
        for (int i = 0; i < streams.size(); i++) {
            if (i % 2 == 0) {
                streams.get(i).abort();
            } else {
                streams.get(i).close();
            }
        }
        // the heartbeat is 15 s away: only noticing the closed connections frees their places this soon
        waitUntil(() -> events().admitted() == 0, 2_000);
        assertThat(events().clients()).isZero();
        assertThat(events().admitted()).isZero();
    }

    @Test
    void opening_and_closing_streams_in_a_loop_does_not_lock_anybody_out() throws Exception {
        for (int i = 0; i < 300; i++) {
            Stream s = open("203.0.113." + (i % 7));
            assertThat(s.status).as("stream %d", i).isEqualTo(200);
            if (i % 2 == 0) {
                s.abort();
            } else {
                s.close();
            }
        }
        waitUntil(() -> events().admitted() == 0, 2_000);
        try (Stream screen = open("10.1.2.3")) {
            assertThat(screen.status).isEqualTo(200);
        }
    }

    @Test
    void one_address_gets_a_few_streams_and_the_reserve_is_kept_for_screens_and_signed_in_users() throws Exception {
        List<Stream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                open.add(open("203.0.113.50"));
            }
            try (Stream more = open("203.0.113.50")) {
                assertThat(more.status).isEqualTo(429);
            }
            for (int i = 0; i < 10; i++) {
                open.add(open("203.0.113.51"));
            }
            // 30 of 40 are open: the last 10 are for known clients
            try (Stream anonymous = open("203.0.113.52")) {
                assertThat(anonymous.status).isEqualTo(503);
            }
            try (Stream screen = open("10.9.0.17")) {
                assertThat(screen.status).isEqualTo(200);
            }
            ApiClient c = server.client();
            HttpResponse<String> signedIn = c.signIn("lingdao", "leader-password-1");
            String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
            try (Stream leader = new Stream(Map.of("X-Forwarded-For", "203.0.113.52",
                    "Cookie", cookie.substring(0, cookie.indexOf(';'))))) {
                assertThat(leader.status).isEqualTo(200);
            }
        } finally {
            for (Stream s : open) {
                s.close();
            }
        }
        waitUntil(() -> events().admitted() == 0, 2_000);
        assertThat(events().admitted()).isZero();
    }

    /** One IPv6 subscriber has a whole /64 of addresses: the per-address cap counts the /64, as sign-in does. */
    @Test
    void the_addresses_of_one_ipv6_network_share_one_cap() throws Exception {
        List<Stream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                Stream s = open("2001:db8:7:7::" + Integer.toHexString(i + 1));
                open.add(s);
                assertThat(s.status).isEqualTo(200);
            }
            try (Stream more = open("2001:db8:7:7:ffff::1")) {
                assertThat(more.status).isEqualTo(429);
            }
            try (Stream neighbour = open("2001:db8:7:8::1")) {
                assertThat(neighbour.status).isEqualTo(200);
            }
        } finally {
            for (Stream s : open) {
                s.close();
            }
        }
        waitUntil(() -> events().admitted() == 0, 2_000);
        assertThat(events().admitted()).isZero();
    }

    @Test
    void the_public_never_hears_the_id_of_an_unpublished_planner_layer() throws Exception {
        ApiClient planner = server.client();
        assertThat(planner.signIn("guihua", "planner-password-1").statusCode()).isEqualTo(200);
        HttpResponse<String> leaderSignIn = server.client().signIn("lingdao", "leader-password-1");
        String cookie = leaderSignIn.headers().firstValue("Set-Cookie").orElseThrow();
        String since;
        try (Stream pub = open("10.2.0.1");
                Stream leader = new Stream(Map.of("X-Forwarded-For", "10.2.0.2",
                        "Cookie", cookie.substring(0, cookie.indexOf(';'))))) {
            HttpResponse<String> up = planner.upload("/api/uploads", "villages.geojson",
                    Files.readAllBytes(Path.of("src/test/resources/uploads", "villages.geojson")), Map.of());
            assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
            String id = ApiClient.json(up).get("id").asText();
            Map<String, String> told = leader.nextChange(5_000);
            assertThat(told).isNotNull().containsEntry("event", "layer");
            assertThat(told.get("data")).contains(id);
            since = String.valueOf(Long.parseLong(told.get("id")) - 1);
            HttpResponse<String> published = planner.send("PATCH", "/api/planner-layers/" + id,
                    "{\"published\": true}", Map.of());
            assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
            Map<String, String> first = pub.nextChange(5_000);
            assertThat(first).isNotNull();
            assertThat(first.get("data")).contains("\"publish\"");
            // a replay (Last-Event-ID) to the public leaves the import out too
            try (Stream replay = new Stream(Map.of("X-Forwarded-For", "10.2.0.3", "Last-Event-ID", since))) {
                Map<String, String> replayed = replay.nextChange(2_000);
                assertThat(replayed).isNotNull();
                assertThat(replayed.get("data")).contains("\"publish\"").doesNotContain("\"import\"");
            }
            // deleting an unpublished layer is not announced to the public either
            HttpResponse<String> second = planner.upload("/api/uploads", "villages.geojson",
                    Files.readAllBytes(Path.of("src/test/resources/uploads", "villages.geojson")), Map.of());
            String hidden = ApiClient.json(second).get("id").asText();
            assertThat(planner.send("DELETE", "/api/planner-layers/" + hidden, null, Map.of()).statusCode())
                    .isIn(200, 204);
            assertThat(leader.nextChange(5_000).get("data")).contains(id); // the publish
            assertThat(leader.nextChange(5_000).get("data")).contains(hidden).contains("\"import\"");
            assertThat(leader.nextChange(5_000).get("data")).contains(hidden).contains("\"delete\"");
            Map<String, String> nothing = pub.nextChange(1_000);
            assertThat(nothing).isNull();
        }
    }
}
