package org.xiangtu.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.UnauthorizedResponse;
import java.util.List;
import java.util.regex.Pattern;
import org.xiangtu.catalog.Role;

/**
 * The one route table: every route with its method, path and the least role that may call it.
 * The OpenAPI document ({@code /ogc/api}) describes exactly these routes; a test keeps them equal.
 */
public final class Routes {

    /** One route; {@code path} uses Javalin's {@code {param}} syntax. */
    public record Route(HandlerType method, String path, Role role, Handler handler) {
        boolean matches(String requestPath) {
            String regex = Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
            return requestPath.replaceAll("/+$", "").matches(regex) || requestPath.matches(regex);
        }
    }

    private final List<Route> table;
    private final DashboardController dashboard;

    public Routes(PageController pages, OgcController ogc, ApiController api, DashboardController dashboard,
            HealthController health) {
        this.dashboard = dashboard;
        this.table = List.of(
                // pages
                new Route(HandlerType.GET, "/", Role.PUBLIC, pages::cockpit),
                // OGC API – Features
                new Route(HandlerType.GET, "/ogc", Role.PUBLIC, ogc::landing),
                new Route(HandlerType.GET, "/ogc/conformance", Role.PUBLIC, ogc::conformance),
                new Route(HandlerType.GET, "/ogc/api", Role.PUBLIC, ogc::api),
                new Route(HandlerType.GET, "/ogc/collections", Role.PUBLIC, ogc::collections),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}", Role.PUBLIC, ogc::collection),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}/items", Role.PUBLIC, ogc::items),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}/items/{featureId}", Role.PUBLIC, ogc::item),
                // the pages' API
                new Route(HandlerType.GET, "/api/catalog", Role.PUBLIC, api::catalog),
                new Route(HandlerType.GET, "/api/dashboard", Role.PUBLIC, dashboard::district),
                new Route(HandlerType.GET, "/api/dashboard/towns/{code}", Role.PUBLIC, dashboard::town),
                new Route(HandlerType.GET, "/api/dashboard/villages/{code}", Role.PUBLIC, dashboard::village),
                // operations
                new Route(HandlerType.GET, "/health", Role.PUBLIC, health::health));
    }

    public List<Route> all() {
        return table;
    }

    /** The methods some route offers on this request path (for 405 answers and the Allow header). */
    public List<String> methodsFor(String requestPath) {
        return table.stream().filter(r -> r.matches(requestPath)).map(r -> r.method().name()).distinct().toList();
    }

    public void register(JavalinConfig cfg) {
        cfg.events.serverStarted(dashboard::warmInBackground);
        for (Route r : table) {
            cfg.routes.addHttpHandler(r.method(), r.path(), r.handler(), r.role());
        }
        cfg.routes.beforeMatched(ctx -> {
            if (ctx.routeRoles().isEmpty() || ctx.routeRoles().contains(Role.PUBLIC)) {
                return;
            }
            if (!ctx.routeRoles().contains(CurrentUser.role(ctx))) {
                throw new UnauthorizedResponse("Sign in to use " + ctx.path() + ".");
            }
        });
    }
}
