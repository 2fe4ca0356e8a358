package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Walks the whole route table with every role and with none: a route above public answers 401
 * without a session and 403 to a smaller role; every role that reaches the route's role gets
 * past the check (whatever the route then answers to an empty request).
 */
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class RoleMatrixTest {
    private TestServer server;
    static final Map<String, String> SAMPLES = Map.of("collectionId", "villages", "featureId", "village-500151112206",
            "code", "500151112000", "id", "project-001", "layer", "villages");
    /** Routes of household data the route table opens to leaders and up, whose handler refuses planners (403). */
    static final java.util.Set<String> HOUSEHOLD_DATA = java.util.Set.of("GET /api/reviews",
            "POST /api/reviews/{id}/resolve", "GET /api/watch/alerts", "GET /api/watch/monitoring",
            "POST /api/watch/monitoring/{code}/end", "POST /api/watch/lists");

    /** The server under test; {@link RoleMatrixPostgisIT} runs the same walk on PostGIS. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        for (Role r : List.of(Role.LEADER, Role.PLANNER, Role.ADMIN, Role.CADRE)) {
            server.addUser("user-" + r.name().toLowerCase(java.util.Locale.ROOT), r, "matrix-password-" + r);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void every_route_answers_each_role_as_it_declares() {
        Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
        clients.put(Role.PUBLIC, server.client());
        List<String> failures = new ArrayList<>();
        int checked = 0;
        for (Routes.Route route : server.routes().all()) {
            String path = route.path();
            for (var e : SAMPLES.entrySet()) {
                path = path.replace("{" + e.getKey() + "}", e.getValue());
            }
            for (Role role : Role.values()) {
                ApiClient c = route.method().name().equals("DELETE") ? signedIn(role) // signing out ends the session
                        : clients.computeIfAbsent(role, this::signedIn);
                int status = status(c, route.method().name(), path);
                int expected = route.role() == Role.PUBLIC || CurrentUser.reaches(role, route.role()) ? 0
                        : role == Role.PUBLIC ? 401 : 403;
                if (expected == 0 && HOUSEHOLD_DATA.contains(route.method() + " " + route.path())
                        && !org.xiangtu.catalog.Visibility.HOUSEHOLD.isVisibleTo(role)) {
                    expected = 403;
                }
                boolean ok = expected == 0 ? status != 401 && status != 403 && status < 500 : status == expected;
                if (!ok) {
                    failures.add(route.method() + " " + route.path() + " as " + role + ": " + status
                            + (expected == 0 ? " (expected to pass the check)" : " (expected " + expected + ")"));
                }
                checked++;
            }
        }
        assertThat(failures).isEmpty();
        assertThat(checked).isEqualTo(server.routes().all().size() * Role.values().length);
    }

    @Test
    void head_answers_as_get_does_with_the_same_role_checks() {
        Map<Role, ApiClient> clients = new EnumMap<>(Role.class);
        clients.put(Role.PUBLIC, server.client());
        List<String> failures = new ArrayList<>();
        for (Routes.Route route : server.routes().all()) {
            if (!route.method().name().equals("GET") || route.path().equals("/events")) {
                continue; // /events is a stream: HEAD is not a way to open one
            }
            String path = route.path();
            for (var e : SAMPLES.entrySet()) {
                path = path.replace("{" + e.getKey() + "}", e.getValue());
            }
            for (Role role : Role.values()) {
                ApiClient c = clients.computeIfAbsent(role, this::signedIn);
                int get = status(c, "GET", path);
                int head = status(c, "HEAD", path);
                if (get != head) {
                    failures.add("HEAD " + path + " as " + role + ": " + head + ", GET: " + get);
                }
            }
        }
        ApiClient anyone = server.client();
        for (String missing : List.of("/no/such/page", "/ogc/collections/cities", "/api/projects/no-such-project")) {
            int get = status(anyone, "GET", missing);
            int head = status(anyone, "HEAD", missing);
            if (get != 404 || head != 404) {
                failures.add(missing + ": GET " + get + ", HEAD " + head + " (expected 404)");
            }
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void the_table_declares_writes_above_public_except_signing_in_and_out() {
        for (Routes.Route r : server.routes().all()) {
            if (!r.method().name().equals("GET") && !r.path().equals("/api/session")) {
                assertThat(r.role()).as(r.method() + " " + r.path()).isNotEqualTo(Role.PUBLIC);
            }
        }
    }

    private ApiClient signedIn(Role role) {
        ApiClient c = server.client();
        if (role != Role.PUBLIC) {
            assertThat(c.signIn("user-" + role.name().toLowerCase(java.util.Locale.ROOT), "matrix-password-" + role)
                    .statusCode()).isEqualTo(200);
        }
        return c;
    }

    private static int status(ApiClient c, String method, String path) {
        if (path.equals("/events")) {
            HttpResponse<InputStream> r = c.open(path, Map.of());
            try (InputStream in = r.body()) {
                return r.statusCode();
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
        boolean body = method.equals("POST") || method.equals("PATCH") || method.equals("PUT");
        return c.send(method, path, body ? "{}" : null, Map.of()).statusCode();
    }
}
