package org.xiangtu;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;
import org.xiangtu.web.Security;

/**
 * Sessions live in the store, not in the server: a session outlives a restart of the server (the
 * same cookie, the same CSRF token), and {@code xiangtu user passwd|remove}, run beside a running
 * server, ends the user's sessions at their next request. Run on each store.
 */
public abstract class SessionRestartContract {

    /** A server on this class's store, which outlives it. */
    protected abstract TestServer startServer();

    /** The options that point {@code xiangtu user} at the same store. */
    protected abstract List<String> storeOptions();

    /** Signs in; the cookie (as a {@code Cookie} header value) and the CSRF token. */
    private static String[] signIn(TestServer server, String name, String password) {
        HttpResponse<String> r = server.client().signIn(name, password);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new String[] {cookie.substring(0, cookie.indexOf(';')), ApiClient.json(r).get("csrf").asText()};
    }

    private static JsonNode whoAmI(TestServer server, String cookie) {
        return ApiClient.json(server.client().send("GET", "/api/session", null, Map.of("Cookie", cookie)));
    }

    private void user(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("user"));
        all.addAll(List.of(args));
        all.addAll(storeOptions());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(all.toArray(String[]::new),
                new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    @Test
    void a_session_outlives_a_restart_of_the_server() {
        String[] session;
        try (TestServer first = startServer()) {
            first.addUser("restart-admin", Role.ADMIN, "admin-password-1");
            session = signIn(first, "restart-admin", "admin-password-1");
            assertThat(first.client().send("GET", "/api/audit?limit=1", null, Map.of("Cookie", session[0]))
                    .statusCode()).isEqualTo(200);
        }
        try (TestServer second = startServer()) {
            JsonNode who = whoAmI(second, session[0]);
            assertThat(who.get("signedIn").asBoolean()).isTrue();
            assertThat(who.get("name").asText()).isEqualTo("restart-admin");
            assertThat(who.get("role").asText()).isEqualTo("admin");
            assertThat(who.get("csrf").asText()).as("the same CSRF token").isEqualTo(session[1]);
            assertThat(second.client().send("GET", "/api/audit?limit=1", null, Map.of("Cookie", session[0]))
                    .statusCode()).isEqualTo(200);
            assertThat(second.client().send("DELETE", "/api/session", null, Map.of("Cookie", session[0],
                    Security.CSRF_HEADER, "forged")).statusCode()).isEqualTo(403);
            assertThat(second.client().send("DELETE", "/api/session", null, Map.of("Cookie", session[0],
                    Security.CSRF_HEADER, session[1])).statusCode()).isEqualTo(204);
            assertThat(whoAmI(second, session[0]).get("signedIn").asBoolean()).isFalse();
        }
    }

    @Test
    void changing_or_removing_a_user_from_the_command_line_ends_their_sessions_on_the_running_server() {
        try (TestServer server = startServer()) {
            server.addUser("cli-planner", Role.PLANNER, "planner-password-1");
            server.addUser("cli-other", Role.PLANNER, "other-password-1");
            String[] phone = signIn(server, "cli-planner", "planner-password-1");
            String[] desk = signIn(server, "cli-planner", "planner-password-1");
            String[] other = signIn(server, "cli-other", "other-password-1");
            user("new-password-22\n", "passwd", "cli-planner", "--password-stdin");
            assertThat(whoAmI(server, phone[0]).get("signedIn").asBoolean()).isFalse();
            assertThat(whoAmI(server, desk[0]).get("signedIn").asBoolean()).isFalse();
            assertThat(whoAmI(server, other[0]).get("signedIn").asBoolean()).as("another user's session")
                    .isTrue();
            String[] again = signIn(server, "cli-planner", "new-password-22");
            assertThat(whoAmI(server, again[0]).get("signedIn").asBoolean()).isTrue();
            user("", "remove", "cli-planner");
            assertThat(whoAmI(server, again[0]).get("signedIn").asBoolean()).isFalse();
            assertThat(server.client().send("GET", "/api/audit?limit=1", null, Map.of("Cookie", again[0]))
                    .statusCode()).isEqualTo(401);
            assertThat(whoAmI(server, other[0]).get("signedIn").asBoolean()).isTrue();
        }
    }
}
