package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/** Sign-in, sessions, CSRF, rate limits and what each role sees, on the real server. */
class SignInTest {
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        server.addUser("lingdao", Role.LEADER, "leader-password-1");
        server.addUser("guihua", Role.PLANNER, "planner-password-1");
        server.addUser("admin", Role.ADMIN, "admin-password-1");
        server.addUser("victim", Role.PLANNER, "victim-password-1");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void the_event_stream_needs_accept_text_event_stream() {
        HttpResponse<String> r = server.client().get("/events");
        assertThat(r.statusCode()).isEqualTo(406);
        assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo("Accept");
    }

    @Test
    void there_is_no_default_account() {
        for (String[] guess : new String[][] {{"admin", "admin"}, {"admin", "password"}, {"root", "root"}}) {
            assertThat(server.client().signIn(guess[0], guess[1]).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void signing_in_sets_a_strict_http_only_cookie_and_gives_the_csrf_token() {
        ApiClient c = server.client();
        HttpResponse<String> r = c.signIn("guihua", "planner-password-1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).matches("application/json; ?charset=utf-8");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).startsWith(Security.COOKIE + "=").contains("HttpOnly").containsIgnoringCase("SameSite=Strict")
                .contains("Path=/").doesNotContain("Secure");
        JsonNode who = ApiClient.json(c.get("/api/session"));
        assertThat(who.get("signedIn").asBoolean()).isTrue();
        assertThat(who.get("name").asText()).isEqualTo("guihua");
        assertThat(who.get("role").asText()).isEqualTo("planner");
        assertThat(who.get("csrf").asText()).isEqualTo(c.csrf()).hasSizeGreaterThan(30);
        assertThat(r.body()).doesNotContain("argon2");
    }

    @Test
    void forwarded_headers_from_a_peer_that_is_no_trusted_proxy_are_ignored() {
        // no access.trustedProxies here: anybody could send these headers (see SignInFloodTest for a proxy)
        HttpResponse<String> r = server.client().send("POST", "/api/session",
                "{\"name\":\"guihua\",\"password\":\"planner-password-1\"}",
                Map.of("X-Forwarded-Proto", "https", "X-Forwarded-For", "192.0.2.99"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Set-Cookie").orElseThrow()).doesNotContain("Secure");
        ApiClient admin = server.client();
        admin.signIn("admin", "admin-password-1");
        assertThat(admin.get("/api/audit?action=sign-in&actor=guihua&limit=1000").body()).doesNotContain("192.0.2.99");
    }

    @Test
    void an_origin_with_another_scheme_or_port_is_refused() {
        ApiClient c = server.client();
        c.signIn("lingdao", "leader-password-1");
        String host = "127.0.0.1:" + server.app.port();
        for (String origin : new String[] {"https://" + host, "http://127.0.0.1:1", "http://127.0.0.1"}) {
            HttpResponse<String> r = c.send("DELETE", "/api/session", null, Map.of("Origin", origin));
            assertThat(r.statusCode()).as(origin).isEqualTo(403);
            assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo("Origin");
        }
        assertThat(c.send("DELETE", "/api/session", null, Map.of("Origin", "http://" + host)).statusCode())
                .isEqualTo(204);
    }

    @Test
    void a_wrong_password_and_an_unknown_user_get_the_same_answer() {
        HttpResponse<String> wrong = server.client().signIn("lingdao", "not-the-password");
        HttpResponse<String> unknown = server.client().signIn("nobody", "not-the-password");
        for (HttpResponse<String> r : java.util.List.of(wrong, unknown)) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo("password");
        }
        assertThat(ApiClient.json(wrong).get("detail")).isEqualTo(ApiClient.json(unknown).get("detail"));
    }

    @Test
    void bad_sign_in_bodies_get_4xx_naming_the_field() {
        ApiClient c = server.client();
        assertThat(c.send("POST", "/api/session", null, Map.of("Content-Type", "text/plain")).statusCode()).isEqualTo(415);
        HttpResponse<String> noName = c.send("POST", "/api/session", "{\"password\":\"x\"}", Map.of());
        assertThat(noName.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(noName).get("parameter").asText()).isEqualTo("name");
        HttpResponse<String> broken = c.send("POST", "/api/session", "{\"name\":", Map.of());
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(broken).get("parameter").asText()).isEqualTo("body");
    }

    @Test
    void repeated_failures_lock_the_user_out_for_a_while_even_with_the_right_password() {
        ApiClient c = server.client();
        for (int i = 0; i < 5; i++) {
            assertThat(c.signIn("victim", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> r = c.signIn("victim", "victim-password-1");
        assertThat(r.statusCode()).isEqualTo(429);
        assertThat(Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 900L);
        // other users are not affected
        assertThat(server.client().signIn("lingdao", "leader-password-1").statusCode()).isEqualTo(200);
    }

    @Test
    void a_write_without_the_csrf_token_or_from_another_site_is_refused() {
        ApiClient c = server.client();
        c.signIn("lingdao", "leader-password-1");
        HttpResponse<String> noToken = c.send("DELETE", "/api/session", null, Map.of("X-CSRF-Token", "forged"));
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(noToken).get("parameter").asText()).isEqualTo("X-CSRF-Token");
        HttpResponse<String> crossSite = c.send("DELETE", "/api/session", null, Map.of("Origin", "https://evil.example"));
        assertThat(crossSite.statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(c.get("/api/session")).get("signedIn").asBoolean()).isTrue();
        assertThat(c.send("DELETE", "/api/session", null, Map.of()).statusCode()).isEqualTo(204);
        assertThat(ApiClient.json(c.get("/api/session")).get("signedIn").asBoolean()).isFalse();
    }

    @Test
    void leader_fields_reach_leaders_and_planners_never_the_public() {
        String path = "/ogc/collections/villages/items?limit=1";
        assertThat(ApiClient.json(server.client().get(path)).at("/features/0/properties").has("poor_households")).isFalse();
        for (String[] who : new String[][] {{"lingdao", "leader-password-1"}, {"guihua", "planner-password-1"}}) {
            ApiClient c = server.client();
            c.signIn(who[0], who[1]);
            HttpResponse<String> r = c.get(path);
            assertThat(ApiClient.json(r).at("/features/0/properties").has("poor_households")).as(who[0]).isTrue();
            assertThat(r.headers().firstValue("Cache-Control").orElse("")).as("no shared cache keeps it").contains("private");
            assertThat(r.headers().allValues("Vary").toString()).contains("Cookie");
        }
        ApiClient signedOut = server.client();
        signedOut.signIn("lingdao", "leader-password-1");
        signedOut.send("DELETE", "/api/session", null, Map.of());
        assertThat(ApiClient.json(signedOut.get(path)).at("/features/0/properties").has("poor_households")).isFalse();
    }

    @Test
    void sign_ins_are_audited_and_only_admins_read_the_audit_log() {
        server.client().signIn("lingdao", "wrong-password-x");
        ApiClient admin = server.client();
        admin.signIn("admin", "admin-password-1");
        HttpResponse<String> r = admin.get("/api/audit?action=sign-in&limit=1000");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode entries = ApiClient.json(r).get("entries");
        assertThat(entries.findValuesAsText("outcome")).contains("ok", "denied");
        assertThat(r.body()).doesNotContain("wrong-password-x").doesNotContain("admin-password-1");
        ApiClient planner = server.client();
        planner.signIn("guihua", "planner-password-1");
        assertThat(planner.get("/api/audit").statusCode()).isEqualTo(403);
        assertThat(server.client().get("/api/audit").statusCode()).isEqualTo(401);
        assertThat(admin.get("/api/audit?limit=0").statusCode()).isEqualTo(400);
        assertThat(admin.get("/api/audit?colour=red").statusCode()).isEqualTo(400);
    }
}
