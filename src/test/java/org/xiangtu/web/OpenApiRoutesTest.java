package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.xiangtu.testing.TestServer;

/** The hand-written OpenAPI document describes exactly the routes the server has. */
class OpenApiRoutesTest {

    @Test
    void every_route_is_documented_and_every_documented_route_exists() throws Exception {
        try (TestServer server = TestServer.start()) {
            HttpResponse<String> r = server.get("/ogc/api");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/vnd.oai.openapi+json")
                    .containsIgnoringCase("charset=utf-8");
            JsonNode doc = new ObjectMapper().readTree(r.body());
            assertThat(doc.get("openapi").asText()).startsWith("3.0");

            Set<String> documented = new TreeSet<>();
            doc.get("paths").fields().forEachRemaining(p -> p.getValue().fieldNames().forEachRemaining(method -> {
                if (Set.of("get", "post", "put", "patch", "delete").contains(method)) {
                    documented.add(method.toUpperCase(Locale.ROOT) + " " + p.getKey());
                }
            }));
            Set<String> routes = new TreeSet<>();
            routesOf(server).forEach(route -> routes.add(route.method().name() + " " + route.path()));
            assertThat(documented).isEqualTo(routes);
        }
    }

    private static java.util.List<Routes.Route> routesOf(TestServer server) {
        return server.routes().all();
    }
}
