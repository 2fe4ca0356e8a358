package org.xiangtu.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.Role;

/**
 * The frame of an API test class on one server: the server is started once before the class's tests
 * ({@link #startServer()}: the demo county on GeoPackage; a {@code *PostgisIT} twin overrides it for
 * PostGIS) and closed after them; users share one password, and {@link #signedIn} gives a client of its
 * own (cookies, CSRF token) signed in as one of them. A subclass's own {@code @BeforeAll} runs after the
 * server is up, so it adds its users and signs them in there.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiServerTest {
    protected static final ObjectMapper JSON = new ObjectMapper();
    private final String password;
    protected TestServer server;

    /** @param password the password of every user the test adds */
    protected ApiServerTest(String password) {
        this.password = password;
    }

    /** The server under test. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    protected final void startTheServer() throws Exception {
        server = startServer();
    }

    @AfterAll
    protected final void stopTheServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Adds a user with the test's password. */
    protected final void addUser(String name, Role role) {
        server.addUser(name, role, password);
    }

    /** A new client signed in as this user (the sign-in must succeed). */
    protected final ApiClient signedIn(String name) {
        ApiClient c = server.client();
        assertThat(c.signIn(name, password).statusCode()).isEqualTo(200);
        return c;
    }

    /** The body of an answer as JSON. */
    protected static JsonNode json(HttpResponse<String> r) {
        return ApiClient.json(r);
    }
}
