package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.analysis.Geometries;
import org.xiangtu.catalog.Role;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * {@code POST /api/analysis/within} and {@code /whatif} over HTTP on the demo county: answers checked
 * against the store's own features measured independently, the cockpit's reach figures, and every
 * kind of bad input (problem+json naming the field). On the GeoPackage store; {@link AnalysisApiPostgisIT}
 * runs the same tests on PostGIS.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AnalysisApiTest {
    TestServer server;
    ApiClient planner;
    static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /** The server under test; subclasses choose the store. */
    protected TestServer startServer() {
        return TestServer.start();
    }

    @BeforeAll
    void start() {
        server = startServer();
        server.addUser("planner-a", Role.PLANNER, "planner-password-1");
        server.addUser("leader-a", Role.LEADER, "leader-password-1");
        planner = server.client();
        assertThat(planner.signIn("planner-a", "planner-password-1").statusCode()).isEqualTo(200);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    private List<Feature> all(String layer, String... fields) {
        return server.store.features(layer, FeatureQuery.all(List.of(fields), 1_000_000)).features();
    }

    /** The envelope as a GeoJSON Polygon (also for the other analysis tests of this package). */
    static ObjectNode polygon(Envelope e) {
        ObjectNode g = JSON.createObjectNode().put("type", "Polygon");
        ArrayNode ring = g.putArray("coordinates").addArray();
        double[][] corners = {{e.getMinX(), e.getMinY()}, {e.getMaxX(), e.getMinY()}, {e.getMaxX(), e.getMaxY()},
                {e.getMinX(), e.getMaxY()}, {e.getMinX(), e.getMinY()}};
        for (double[] c : corners) {
            ring.addArray().add(c[0]).add(c[1]);
        }
        return g;
    }

    private HttpResponse<String> post(ApiClient c, String path, ObjectNode body) {
        return c.send("POST", path, body.toString(), Map.of());
    }

    private JsonNode ask(ObjectNode geometry, double distance) {
        ObjectNode body = JSON.createObjectNode();
        body.set("geometry", geometry);
        body.put("distance", distance);
        HttpResponse<String> r = post(planner, "/api/analysis/within", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return ApiClient.json(r);
    }

    @Test
    void a_box_around_the_whole_county_counts_everything_and_measures_it_as_the_layers_do() {
        List<Feature> villages = all("villages", "households", "poor_households");
        Envelope county = new Envelope();
        all("district").forEach(d -> county.expandToInclude(d.geometry().getEnvelopeInternal()));
        county.expandBy(0.01);

        JsonNode a = ask(polygon(county), 0);

        assertThat(a.at("/villages/count").asInt()).isEqualTo(villages.size());
        assertThat(a.at("/villages/households").asLong()).isEqualTo(
                villages.stream().mapToLong(v -> (Long) v.properties().get("households")).sum());
        assertThat(a.at("/villages/poor_households").asLong()).isEqualTo(
                villages.stream().mapToLong(v -> (Long) v.properties().get("poor_households")).sum());
        List<Feature> bases = all("industry_bases", "category");
        assertThat(a.at("/industry_bases/count").asInt()).isEqualTo(bases.size());
        assertThat(a.at("/industry_bases/mu").asDouble()).isCloseTo(Geometries.areaMu(bases), within(0.02));
        double fruit = Geometries.areaMuBy(bases, "category").getOrDefault("fruit", 0.0);
        assertThat(a.at("/industry_bases/mu_by_category/fruit").asDouble()).isCloseTo(fruit, within(0.02));
        List<Feature> roads = all("roads", "grade");
        assertThat(a.at("/roads/km").asDouble()).isCloseTo(Geometries.lengthMetres(roads) / 1000, within(0.002));
        assertThat(a.at("/water_works/count").asInt()).isEqualTo(all("water_works").size());
        assertThat(a.at("/greenway_stations/count").asInt()).isEqualTo(all("greenway_stations").size());
        long projects = all("projects").stream().filter(p -> p.geometry() != null).count();
        assertThat(a.at("/projects/count").asLong()).isEqualTo(projects);
        long byStatus = 0;
        for (JsonNode n : a.at("/projects/by_status")) {
            byStatus += n.asLong();
        }
        assertThat(byStatus).isEqualTo(projects);
        Geometry box = org.xiangtu.geo.Crs.LONLAT.toGeometry(county);
        assertThat(a.at("/zone/area_m2").asDouble()).isCloseTo(new Measure().areaSqm(box), within(0.1));
        assertThat(a.at("/zone/area_mu").asDouble()).isCloseTo(new Measure().areaMu(box), within(0.01));
    }

    @Test
    void a_small_box_inside_one_village_counts_that_village_and_a_distance_reaches_its_neighbours() {
        Feature village = all("villages", "code", "name").get(0);
        Geometry inner = village.geometry().getInteriorPoint().buffer(0.0005).getEnvelope();
        JsonNode a = ask(polygon(inner.getEnvelopeInternal()), 0);
        assertThat(a.at("/villages/count").asInt()).isEqualTo(1);
        assertThat(a.at("/villages/codes/0").asText()).isEqualTo(village.properties().get("code"));
        assertThat(a.at("/villages/names/0").asText()).isEqualTo(village.properties().get("name"));

        JsonNode wide = ask(polygon(inner.getEnvelopeInternal()), 5_000);
        assertThat(wide.at("/villages/count").asInt()).isGreaterThan(1);
        assertThat(wide.at("/zone/area_m2").asDouble()).isGreaterThan(Math.PI * 5_000 * 5_000);
    }

    @Test
    void a_line_has_a_length_and_a_point_neither_length_nor_area() throws Exception {
        Feature village = all("villages").get(0);
        var c = village.geometry().getInteriorPoint().getCoordinate();
        ObjectNode line = (ObjectNode) JSON.readTree(
                "{\"type\":\"LineString\",\"coordinates\":[[" + c.x + "," + c.y + "],[" + (c.x + 0.01) + "," + c.y + "]]}");
        JsonNode a = ask(line, 0);
        Geometry g = org.xiangtu.geo.Crs.LONLAT.createLineString(new org.locationtech.jts.geom.Coordinate[] {
            new org.locationtech.jts.geom.Coordinate(c.x, c.y), new org.locationtech.jts.geom.Coordinate(c.x + 0.01, c.y)});
        assertThat(a.at("/zone/length_m").asDouble()).isCloseTo(new Measure().lengthMetres(g), within(0.1));
        assertThat(a.at("/zone/area_m2").asDouble()).isZero();
        assertThat(a.at("/villages/count").asInt()).isPositive();

        ObjectNode point = (ObjectNode) JSON.readTree(
                "{\"type\":\"Point\",\"coordinates\":[" + c.x + "," + c.y + "]}");
        JsonNode p = ask(point, 0);
        assertThat(p.at("/villages/ids/0").asText()).isEqualTo(village.id());
        assertThat(p.at("/zone/length_m").asDouble()).isZero();
        assertThat(p.at("/zone/area_m2").asDouble()).isZero();
    }

    @Test
    void todays_reach_in_a_what_if_is_the_cockpits() throws Exception {
        JsonNode dashboard = ApiClient.json(planner.get("/api/dashboard?reach=1000"));
        long greenVillages = kpi(dashboard, "greenway_villages");
        long greenBases = kpi(dashboard, "greenway_bases");
        long waterVillages = kpi(dashboard, "water_reach_villages");

        // a proposed segment across a village the greenways do not reach today
        Feature target = null;
        for (Feature v : all("villages", "name")) {
            if (!ids(dashboard, "greenway_villages").contains(v.id())) {
                target = v;
                break;
            }
        }
        assertThat(target).as("a village beyond today's greenways").isNotNull();
        var c = target.geometry().getInteriorPoint().getCoordinate();
        ObjectNode body = (ObjectNode) JSON.readTree("{\"kind\":\"greenway\",\"geometry\":"
                + "{\"type\":\"LineString\",\"coordinates\":[[" + c.x + "," + c.y + "],[" + (c.x + 0.002) + "," + c.y
                + "]]}}");
        HttpResponse<String> r = post(planner, "/api/analysis/whatif", body);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode w = ApiClient.json(r);
        assertThat(w.get("reach").asDouble()).isEqualTo(1000);
        assertThat(w.at("/villages/before").asLong()).isEqualTo(greenVillages);
        assertThat(w.at("/industry_bases/before").asLong()).isEqualTo(greenBases);
        assertThat(w.at("/villages/added_ids").toString()).contains(target.id());
        assertThat(w.at("/villages/after").asLong()).isEqualTo(greenVillages + w.at("/villages/added_ids").size());

        ObjectNode works = (ObjectNode) JSON.readTree("{\"kind\":\"water_works\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[" + c.x + "," + c.y + "]}}");
        JsonNode ww = ApiClient.json(post(planner, "/api/analysis/whatif", works));
        assertThat(ww.get("reach").asDouble()).isEqualTo(500);
        assertThat(ww.at("/villages/before").asLong()).isEqualTo(waterVillages);
        boolean reachedToday = ids(dashboard, "water_reach_villages").contains(target.id());
        assertThat(ww.at("/villages/added_ids").toString().contains(target.id())).isEqualTo(!reachedToday);
    }

    @Test
    void on_the_demo_county_a_new_water_works_can_reach_a_village_the_network_does_not() throws Exception {
        JsonNode dashboard = ApiClient.json(planner.get("/api/dashboard"));
        java.util.Set<String> reached = new java.util.HashSet<>(ids(dashboard, "water_reach_villages"));
        List<Feature> villages = all("villages", "name");
        // every village has its own rural pipes: they alone must not count it as reached
        assertThat(reached).as("villages reached today").isNotEmpty().hasSizeLessThan(villages.size());
        Feature dry = villages.stream().filter(v -> !reached.contains(v.id())).findFirst().orElseThrow();
        var c = dry.geometry().getInteriorPoint().getCoordinate();
        ObjectNode works = (ObjectNode) JSON.readTree("{\"kind\":\"water_works\",\"geometry\":"
                + "{\"type\":\"Point\",\"coordinates\":[" + c.x + "," + c.y + "]}}");
        JsonNode ww = ApiClient.json(post(planner, "/api/analysis/whatif", works));
        assertThat(ww.at("/villages/before").asInt()).isEqualTo(reached.size());
        assertThat(ww.at("/villages/added_ids").toString()).contains(dry.id());
        assertThat(ww.at("/villages/after").asInt()).isGreaterThan(reached.size());
    }

    private static long kpi(JsonNode dashboard, String id) {
        for (JsonNode k : dashboard.get("kpis")) {
            if (k.get("id").asText().equals(id)) {
                return k.get("value").asLong();
            }
        }
        throw new AssertionError("no KPI " + id);
    }

    private static List<String> ids(JsonNode dashboard, String id) {
        for (JsonNode k : dashboard.get("kpis")) {
            if (k.get("id").asText().equals(id)) {
                List<String> out = new java.util.ArrayList<>();
                k.get("ids").forEach(n -> out.add(n.asText()));
                return out;
            }
        }
        throw new AssertionError("no KPI " + id);
    }

    // ---- bad input

    private void problem(String body, int status, String field) {
        HttpResponse<String> r = planner.send("POST", "/api/analysis/within", body, Map.of());
        assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo(field);
    }

    @Test
    void bad_geometry_and_distance_are_400_naming_the_field() {
        String square = "{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.01,29.8],[106.01,29.81],[106,29.8]]]}";
        problem("{}", 400, "geometry");
        problem("{\"geometry\":\"POINT(1 2)\"}", 400, "geometry");
        problem("{\"geometry\":{\"type\":\"Circle\",\"coordinates\":[106,29.8]}}", 400, "geometry");
        problem("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[\"a\",\"b\"]}}", 400, "geometry");
        problem("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.01,29.8]]]}}", 400, "geometry");
        // a bow tie crosses itself
        problem("{\"geometry\":{\"type\":\"Polygon\",\"coordinates\":[[[106,29.8],[106.01,29.81],[106.01,29.8],"
                + "[106,29.81],[106,29.8]]]}}", 400, "geometry");
        problem("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[29.8,106]}}", 400, "geometry");
        problem("{\"geometry\":{\"type\":\"Point\",\"coordinates\":[116.4,39.9]}}", 400, "geometry");
        problem("{\"geometry\":" + square + ",\"distance\":-1}", 400, "distance");
        problem("{\"geometry\":" + square + ",\"distance\":20001}", 400, "distance");
        problem("{\"geometry\":" + square + ",\"distance\":\"100\"}", 400, "distance");
        problem("{\"geometry\":" + square + ",\"radius\":100}", 400, "radius");
        problem("not json", 400, "body");
    }

    @Test
    void more_vertices_than_analysis_max_vertices_is_413() {
        StringBuilder coords = new StringBuilder();
        for (int i = 0; i < 2_001; i++) {
            coords.append(i == 0 ? "" : ",").append("[").append(106 + i * 1e-6).append(",29.8]");
        }
        problem("{\"geometry\":{\"type\":\"LineString\",\"coordinates\":[" + coords + "]}}", 413, "geometry");
    }

    @Test
    void what_if_checks_its_kind_geometry_type_and_reach() {
        String point = "{\"type\":\"Point\",\"coordinates\":[106,29.8]}";
        String line = "{\"type\":\"LineString\",\"coordinates\":[[106,29.8],[106.01,29.8]]}";
        whatIfProblem("{\"geometry\":" + line + "}", "kind");
        whatIfProblem("{\"kind\":\"school\",\"geometry\":" + line + "}", "kind");
        whatIfProblem("{\"kind\":\"greenway\",\"geometry\":" + point + "}", "geometry");
        whatIfProblem("{\"kind\":\"water_works\",\"geometry\":" + line + "}", "geometry");
        whatIfProblem("{\"kind\":\"greenway\",\"geometry\":" + line + ",\"reach\":0}", "reach");
    }

    private void whatIfProblem(String body, String field) {
        HttpResponse<String> r = planner.send("POST", "/api/analysis/whatif", body, Map.of());
        assertThat(r.statusCode()).as(body + " → " + r.body()).isEqualTo(400);
        assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo(field);
    }

    @Test
    void only_planners_may_ask_and_writes_need_the_csrf_token() {
        String body = "{\"geometry\":{\"type\":\"Point\",\"coordinates\":[106,29.8]}}";
        assertThat(server.client().send("POST", "/api/analysis/within", body, Map.of()).statusCode()).isEqualTo(401);
        ApiClient leader = server.client();
        leader.signIn("leader-a", "leader-password-1");
        assertThat(leader.send("POST", "/api/analysis/within", body, Map.of()).statusCode()).isEqualTo(403);
        assertThat(planner.send("POST", "/api/analysis/within", body, Map.of("X-CSRF-Token", "wrong")).statusCode())
                .isEqualTo(403);
        assertThat(planner.send("POST", "/api/analysis/within", body, Map.of()).statusCode()).isEqualTo(200);
    }
}
