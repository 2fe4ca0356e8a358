package org.xiangtu.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.regex.Pattern;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.WorkStore;

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

    /** Every controller the routes call. */
    public record Controllers(PageController pages, OgcController ogc, ApiController api,
            DashboardController dashboard, HealthController health, SessionController session,
            ProjectsController projects, EventsController events, AuditController audit, Security security,
            PlannerLayersController plannerLayers, ExportController export,
            AnalysisController analysis, FieldController field, HouseholdUpdatesController householdUpdates,
            FieldLogsController fieldLogs, AssignmentsController assignments, PhotoController photos,
            WatchController watch, WatchSummaryController watchSummary, OnboardingController onboarding,
            BriefingController briefing) {
    }

    private final List<Route> table;
    private final Controllers c;
    private final WorkStore work;

    /** @param work the store's writable side, closed when the server stops */
    public Routes(Controllers c, WorkStore work) {
        this.c = c;
        this.work = work;
        this.table = List.of(
                // pages
                new Route(HandlerType.GET, "/", Role.PUBLIC, c.pages()::cockpit),
                new Route(HandlerType.GET, "/planner", Role.PUBLIC, c.pages()::planner),
                new Route(HandlerType.GET, "/screen", Role.PUBLIC, c.pages()::screen),
                new Route(HandlerType.GET, "/onboard", Role.PUBLIC, c.pages()::onboard),
                // OGC API – Features
                new Route(HandlerType.GET, "/ogc", Role.PUBLIC, c.ogc()::landing),
                new Route(HandlerType.GET, "/ogc/conformance", Role.PUBLIC, c.ogc()::conformance),
                new Route(HandlerType.GET, "/ogc/api", Role.PUBLIC, c.ogc()::api),
                new Route(HandlerType.GET, "/ogc/collections", Role.PUBLIC, c.ogc()::collections),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}", Role.PUBLIC, c.ogc()::collection),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}/items", Role.PUBLIC, c.ogc()::items),
                new Route(HandlerType.GET, "/ogc/collections/{collectionId}/items/{featureId}", Role.PUBLIC,
                        c.ogc()::item),
                // the pages' API
                new Route(HandlerType.GET, "/api/catalog", Role.PUBLIC, c.api()::catalog),
                new Route(HandlerType.GET, "/api/dashboard", Role.PUBLIC, c.dashboard()::district),
                new Route(HandlerType.GET, "/api/dashboard/towns/{code}", Role.PUBLIC, c.dashboard()::town),
                new Route(HandlerType.GET, "/api/dashboard/villages/{code}", Role.PUBLIC, c.dashboard()::village),
                new Route(HandlerType.GET, "/api/briefing", Role.PUBLIC, c.briefing()::pack),
                new Route(HandlerType.GET, "/api/projects/{id}", Role.PUBLIC, c.projects()::project),
                new Route(HandlerType.PATCH, "/api/projects/{id}", Role.PLANNER, c.projects()::update),
                new Route(HandlerType.GET, "/events", Role.PUBLIC, c.events()::events),
                // planners' layers
                new Route(HandlerType.POST, "/api/uploads", Role.PLANNER, c.plannerLayers()::upload),
                new Route(HandlerType.GET, "/api/planner-layers", Role.LEADER, c.plannerLayers()::list),
                new Route(HandlerType.GET, "/api/planner-layers/{id}", Role.LEADER, c.plannerLayers()::layer),
                new Route(HandlerType.GET, "/api/planner-layers/{id}/items", Role.LEADER, c.plannerLayers()::items),
                new Route(HandlerType.PATCH, "/api/planner-layers/{id}", Role.PLANNER, c.plannerLayers()::update),
                new Route(HandlerType.DELETE, "/api/planner-layers/{id}", Role.PLANNER, c.plannerLayers()::delete),
                new Route(HandlerType.GET, "/api/export", Role.LEADER, c.export()::download),
                new Route(HandlerType.POST, "/api/export", Role.LEADER, c.export()::selection),
                // planners' spatial questions
                new Route(HandlerType.POST, "/api/analysis/within", Role.PLANNER, c.analysis()::within),
                new Route(HandlerType.POST, "/api/analysis/whatif", Role.PLANNER, c.analysis()::whatIf),
                // the cadres' field app
                new Route(HandlerType.GET, "/api/field/households", Role.CADRE, c.field()::households),
                new Route(HandlerType.GET, "/api/field/households/{code}", Role.CADRE, c.field()::household),
                new Route(HandlerType.POST, "/api/field/visits", Role.CADRE, c.field()::addVisit),
                new Route(HandlerType.POST, "/api/field/households/{code}/updates", Role.CADRE,
                        c.householdUpdates()::update),
                // the review queue of household updates: leaders and admins (household data); planners the counts
                new Route(HandlerType.GET, "/api/reviews", Role.LEADER, c.householdUpdates()::list),
                new Route(HandlerType.GET, "/api/reviews/by-village", Role.LEADER, c.householdUpdates()::byVillage),
                new Route(HandlerType.POST, "/api/reviews/{id}/resolve", Role.LEADER, c.householdUpdates()::resolve),
                // sign-in
                new Route(HandlerType.GET, "/api/session", Role.PUBLIC, c.session()::whoAmI),
                new Route(HandlerType.POST, "/api/session", Role.PUBLIC, c.session()::signIn),
                // anyone signed in (a cadre too) signs out; with a session the CSRF token is checked as for any write
                new Route(HandlerType.DELETE, "/api/session", Role.PUBLIC, c.session()::signOut),
                // administration and operations
                new Route(HandlerType.GET, "/api/audit", Role.ADMIN, c.audit()::page),
                new Route(HandlerType.GET, "/health", Role.PUBLIC, c.health()::health),
                // the cadres' work logs, and the administrators' assignment of households to cadres
                new Route(HandlerType.GET, "/api/field/logs", Role.CADRE, c.fieldLogs()::list),
                new Route(HandlerType.POST, "/api/field/logs", Role.CADRE, c.fieldLogs()::add),
                new Route(HandlerType.GET, "/api/admin/assignments", Role.ADMIN, c.assignments()::list),
                new Route(HandlerType.PUT, "/api/admin/assignments", Role.ADMIN, c.assignments()::assign),
                // the cadres' offline field app (the page holds no data; its service worker controls /app)
                new Route(HandlerType.GET, "/app", Role.PUBLIC, c.pages()::fieldApp),
                new Route(HandlerType.GET, "/app-sw.js", Role.PUBLIC, c.pages()::fieldAppWorker),
                // the field app's photos: cadres upload; the readers' routes decide who sees what (others: 404)
                new Route(HandlerType.POST, "/api/field/photos", Role.CADRE, c.photos()::begin),
                new Route(HandlerType.PUT, "/api/field/photos/{id}/content", Role.CADRE, c.photos()::content),
                new Route(HandlerType.GET, "/api/field/photos/{id}", Role.CADRE, c.photos()::state),
                new Route(HandlerType.GET, "/api/photos", Role.PUBLIC, c.photos()::list),
                new Route(HandlerType.GET, "/api/photos/{id}", Role.PUBLIC, c.photos()::image),
                new Route(HandlerType.GET, "/api/photos/{id}/stamped", Role.PUBLIC, c.photos()::stamped),
                // a cadre's own household updates and what became of their reviews (the field app shows it)
                new Route(HandlerType.GET, "/api/field/updates", Role.CADRE, c.householdUpdates()::mine),
                // the relapse watch: cadres' tasks; leaders' and admins' records (household data: planners 403)
                new Route(HandlerType.GET, "/api/field/alerts", Role.CADRE, c.watch()::tasks),
                new Route(HandlerType.POST, "/api/field/alerts/{id}/verify", Role.CADRE, c.watch()::verify),
                new Route(HandlerType.GET, "/api/watch/alerts", Role.LEADER, c.watch()::alerts),
                new Route(HandlerType.GET, "/api/watch/monitoring", Role.LEADER, c.watch()::monitoring),
                new Route(HandlerType.POST, "/api/watch/monitoring/{code}/end", Role.LEADER, c.watch()::endMonitoring),
                new Route(HandlerType.POST, "/api/watch/lists", Role.LEADER, c.watch()::importList),
                new Route(HandlerType.POST, "/api/watch/run", Role.ADMIN, c.watch()::run),
                // onboarding a catalogue layer from a county's file (issue 18): admins only
                new Route(HandlerType.POST, "/api/onboarding/preview", Role.ADMIN, c.onboarding()::preview),
                new Route(HandlerType.POST, "/api/onboarding/apply", Role.ADMIN, c.onboarding()::apply),
                new Route(HandlerType.GET, "/api/onboarding/{layer}/versions", Role.ADMIN, c.onboarding()::versions),
                new Route(HandlerType.POST, "/api/onboarding/{layer}/rollback", Role.ADMIN, c.onboarding()::rollback),
                new Route(HandlerType.GET, "/api/watch/reach", Role.LEADER, c.watch()::reach),
                // the relapse watch's summary: every figure for leaders and admins, counts of ≥ 5 households for others
                new Route(HandlerType.GET, "/api/watch/summary", Role.PUBLIC, c.watchSummary()::summary));
    }

    /** Closes what the routes opened (called when the server has stopped). */
    public void closeResources() {
        c.events().close();
        c.watch().close();
        c.session().close(); // writes the pending rate-limit counts while the store is still open
        work.close();
    }

    /** The store's writable side these routes use. */
    public WorkStore work() {
        return work;
    }

    public Controllers controllers() {
        return c;
    }

    public List<Route> all() {
        return table;
    }

    /** The methods some route offers on this request path (for 405 answers and the Allow header). */
    public List<String> methodsFor(String requestPath) {
        return table.stream().filter(r -> r.matches(requestPath)).map(r -> r.method().name()).distinct().toList();
    }

    public void register(JavalinConfig cfg) {
        cfg.events.serverStarted(c.dashboard()::warmInBackground);
        cfg.events.serverStopping(c.events()::close);
        for (Route r : table) {
            cfg.routes.addHttpHandler(r.method(), r.path(), r.handler(), r.role());
            if (r.method() == HandlerType.GET && !r.path().equals("/events")) {
                // HEAD runs the GET route itself, role check included (Jetty sends no body): without this,
                // Javalin answers HEAD with 200 for any GET path, past the role check and for absent items
                cfg.routes.addHttpHandler(HandlerType.HEAD, r.path(), r.handler(), r.role());
            }
        }
        cfg.routes.before(c.security()::identify);
        cfg.routes.beforeMatched(ctx -> {
            if (!ctx.routeRoles().isEmpty()) { // static files and WebJars declare no role: public
                c.security().check(ctx, (Role) ctx.routeRoles().iterator().next());
            }
        });
    }
}
