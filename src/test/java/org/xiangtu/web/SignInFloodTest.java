package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.service.SignInService;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Anonymous floods on sign-in, behind a trusted proxy (the tests' own address, 127.0.0.1), so that
 * {@code X-Forwarded-For} names the client: the audit stays small, a guesser elsewhere does not lock a
 * user out, parallel attempts do not pass the limits, and the proxy's headers count.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInFloodTest {
    TestServer server;

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer(Map<String, String> overrides) {
        return TestServer.start(overrides);
    }

    @BeforeAll
    void start() {
        server = startServer(Map.of("access.trustedProxies", "127.0.0.1, ::1"));
        server.addUser("admin", Role.ADMIN, "admin-password-1");
        for (String name : List.of("flooded", "usual", "parallel", "secure")) {
            server.addUser(name, Role.LEADER, name + "-password-1");
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private HttpResponse<String> signIn(ApiClient c, String name, String password, String from) {
        return c.send("POST", "/api/session", "{\"name\":\"" + name + "\",\"password\":\"" + password + "\"}",
                Map.of("X-Forwarded-For", "198.51.100.77, " + from)); // the left part is the client's own claim
    }

    private List<JsonNode> audit(String outcome, String actor) {
        ApiClient admin = server.client();
        assertThat(signIn(admin, "admin", "admin-password-1", "10.0.0.1").statusCode()).isEqualTo(200);
        JsonNode entries = ApiClient.json(admin.get("/api/audit?action=sign-in&limit=1000&actor=" + actor))
                .get("entries");
        List<JsonNode> out = new ArrayList<>();
        entries.forEach(e -> {
            if (e.get("outcome").asText().equals(outcome)) {
                out.add(e);
            }
        });
        return out;
    }

    @Test
    void rate_limited_sign_ins_are_summed_into_one_audit_entry_per_name_and_address() {
        ApiClient c = server.client();
        int limited = 0;
        for (int i = 0; i < 300; i++) {
            if (signIn(c, "flooded", "wrong-" + i, "203.0.113.5").statusCode() == 429) {
                limited++;
            }
        }
        assertThat(limited).isGreaterThanOrEqualTo(290);
        server.routes().controllers().session().flushAudit();
        List<JsonNode> rows = audit("rate-limited", "flooded");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("address").asText()).isEqualTo("203.0.113.5");
        assertThat(rows.get(0).get("detail").asText()).contains("\"count\":" + limited + ",");
        assertThat(audit("denied", "flooded")).hasSize(5);
    }

    @Test
    void a_guesser_elsewhere_locks_out_neither_the_usual_address_nor_a_fresh_one() {
        assertThat(signIn(server.client(), "usual", "usual-password-1", "10.20.0.7").statusCode()).isEqualTo(200);
        ApiClient guesser = server.client();
        for (int i = 0; i < 8; i++) {
            signIn(guesser, "usual", "guess-" + i, "203.0.113.9");
        }
        HttpResponse<String> locked = signIn(guesser, "usual", "usual-password-1", "203.0.113.9");
        assertThat(locked.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 3_600L);
        assertThat(signIn(server.client(), "usual", "usual-password-1", "10.20.0.7").statusCode()).isEqualTo(200);
        assertThat(signIn(server.client(), "usual", "usual-password-1", "10.30.0.8").statusCode()).isEqualTo(200);
    }

    @Test
    void twenty_parallel_attempts_check_no_more_passwords_than_the_limit() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                answers.add(pool.submit(() -> signIn(server.client(), "parallel", "wrong-" + n, "203.0.113.20")
                        .statusCode()));
            }
            int checked = 0;
            for (Future<Integer> f : answers) {
                int status = f.get();
                assertThat(status).isIn(401, 429);
                checked += status == 401 ? 1 : 0;
            }
            assertThat(checked).isBetween(1, 5);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * An argon2 check holds 19 MiB of heap while it runs, and the limits are per address: many addresses
     * at once (a botnet, an IPv6 prefix) must not run one check each at the same time — 50 of them filled a
     * 512 MB heap, and the server's selector died of it. Samples the server's threads (same JVM) while 60
     * addresses sign in at once and counts those inside the hashing library.
     */
    @Test
    void many_addresses_at_once_run_only_a_few_password_checks_at_a_time() throws Exception {
        int parallel = 60;
        ExecutorService pool = Executors.newFixedThreadPool(parallel);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            List<Future<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < parallel; i++) {
                int n = i;
                answers.add(pool.submit(() -> signIn(server.client(), "nobody-" + n, "wrong-password-" + n,
                        "192.0.2." + (n + 1))));
            }
            int most = 0;
            int mostParked = 0;
            while (!answers.stream().allMatch(Future::isDone)) {
                int hashing = 0;
                int inCheck = 0;
                for (var t : threads.dumpAllThreads(false, false)) {
                    var stack = t.getStackTrace();
                    if (java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("com.password4j"))) {
                        hashing++;
                    }
                    if (java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().endsWith(".WorkGate")
                            && f.getMethodName().equals("run"))
                            // in the check or parked in its line (not a thread passing the gate on its way to a refusal)
                            && java.util.Arrays.stream(stack).anyMatch(f -> f.getClassName().startsWith("com.password4j")
                            || f.getClassName().equals("java.util.concurrent.Semaphore") && f.getMethodName().equals("tryAcquire"))) {
                        inCheck++;
                    }
                }
                most = Math.max(most, hashing);
                mostParked = Math.max(mostParked, inCheck);
            }
            for (Future<HttpResponse<String>> f : answers) {
                HttpResponse<String> r = f.get();
                assertThat(r.statusCode()).isIn(401, 503);
                if (r.statusCode() == 503) {
                    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
                    assertThat(r.headers().firstValue("Retry-After")).isPresent();
                }
            }
            assertThat(most).as("password checks running at once").isBetween(1, SignInService.CHECKS_AT_ONCE);
            assertThat(mostParked).as("sign-ins holding a server thread in the check or its waiting line")
                    .isLessThanOrEqualTo(SignInService.CHECKS_AT_ONCE + SignInService.MAX_WAITING);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void the_forwarded_address_is_the_one_audited() {
        assertThat(signIn(server.client(), "nobody-here", "x", "192.0.2.44").statusCode()).isEqualTo(401);
        List<JsonNode> rows = audit("denied", "nobody-here");
        assertThat(rows).extracting(r -> r.get("address").asText()).containsExactly("192.0.2.44");
    }

    @Test
    void a_trusted_proxy_says_whether_the_client_used_https() {
        ApiClient c = server.client();
        HttpResponse<String> r = c.send("POST", "/api/session",
                "{\"name\":\"secure\",\"password\":\"secure-password-1\"}",
                Map.of("X-Forwarded-For", "10.40.0.1", "X-Forwarded-Proto", "https"));
        assertThat(r.statusCode()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("Secure");
        String host = "127.0.0.1:" + server.app.port();
        Map<String, String> session = Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')),
                "X-CSRF-Token", ApiClient.json(r).get("csrf").asText(), "X-Forwarded-Proto", "https");
        // the page was served over https by the proxy: its Origin is https://host, and http://host is another origin
        var plain = new java.util.HashMap<>(session);
        plain.put("Origin", "http://" + host);
        HttpResponse<String> crossScheme = server.client().send("DELETE", "/api/session", null, plain);
        assertThat(crossScheme.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(crossScheme).get("parameter").asText()).isEqualTo("Origin");
        var same = new java.util.HashMap<>(session);
        same.put("Origin", "https://" + host);
        assertThat(server.client().send("DELETE", "/api/session", null, same).statusCode()).isEqualTo(204);
    }
}
