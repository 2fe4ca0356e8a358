package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.FeatureQuery;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * The field app's API ({@code /api/field/*}) on the demo county: a cadre (a real demo cadre of
 * {@code data/households.geojson.gz}) sees exactly their households and no other (404, never 403);
 * other roles are refused; a visit sent twice is stored once and counted once in {@code home_visits};
 * bad input is refused naming the field, writing nothing; the cockpit's monthly visits follow.
 */
class FieldApiTest extends ApiServerTest {
    private static final String CADRE = "gb50015100300101";
    private static final String OTHER_CADRE = "gb50015100320101";
    private List<String> mine;
    private String othersHousehold;
    private String village;
    private ApiClient cadre;

    FieldApiTest() {
        super("field-password-1");
    }

    @BeforeAll
    void start() throws Exception {
        mine = new ArrayList<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(Path.of("data/households.geojson.gz")))) {
            for (JsonNode f : JSON.readTree(in).get("features")) {
                JsonNode p = f.get("properties");
                if (p.get("cadre").asText().equals(CADRE)) {
                    mine.add(p.get("code").asText());
                    village = p.get("village_code").asText();
                } else if (p.get("cadre").asText().equals(OTHER_CADRE)) {
                    othersHousehold = p.get("code").asText();
                }
            }
        }
        mine.sort(null);
        addUser(CADRE, Role.CADRE);
        addUser(OTHER_CADRE, Role.CADRE);
        for (Role r : List.of(Role.LEADER, Role.PLANNER, Role.ADMIN)) {
            addUser("field-" + r.name().toLowerCase(java.util.Locale.ROOT), r);
        }
        cadre = signedIn(CADRE);
    }

    private ObjectNode visit(String household, String at) {
        return JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("household_code", household)
                .put("kind", "monthly").put("at", at).put("note", "看望，核对务工收入");
    }

    private HttpResponse<String> post(ApiClient c, JsonNode body) {
        return c.send("POST", "/api/field/visits", body.toString(), Map.of());
    }

    private long storedVisits(String household) {
        return server.store.features("visits", new FeatureQuery(null, Map.of("household_code", household), null,
                List.of("at"), 1, 0)).numberMatched();
    }

    private long monthCount(String month) {
        return server.store.feature("home_visits", "visit-" + village + "-" + month, List.of("visits"))
                .map(f -> ((Number) f.properties().get("visits")).longValue()).orElse(0L);
    }

    @Test
    void a_cadre_lists_exactly_their_households() throws Exception {
        HttpResponse<String> r = cadre.get("/api/field/households");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control").orElse("")).isEqualTo("no-store");
        JsonNode doc = json(r);
        assertThat(doc.get("type").asText()).isEqualTo("FeatureCollection");
        List<String> codes = new ArrayList<>();
        doc.get("features").forEach(f -> codes.add(f.get("properties").get("code").asText()));
        assertThat(codes).isNotEmpty().isEqualTo(mine);
        JsonNode first = doc.get("features").get(0);
        assertThat(first.get("geometry").get("type").asText()).isEqualTo("Point");
        assertThat(first.get("properties").get("cadre").asText()).isEqualTo(CADRE);
        assertThat(first.get("properties").has("head_name")).isTrue();
        // the catalogue's names of the fields and values come along, for the app to show offline
        JsonNode water = null;
        for (JsonNode f : doc.get("fields")) {
            if (f.get("name").asText().equals("water")) {
                water = f;
            }
        }
        assertThat(water).as("the water field's names").isNotNull();
        assertThat(water.get("title").get("zh").asText()).isEqualTo("饮水安全");
        assertThat(water.get("valueTitles").get("ensured").get("zh").asText()).isEqualTo("有保障");

        HttpResponse<String> one = cadre.get("/api/field/households/" + mine.get(0));
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(json(one).get("properties")).isEqualTo(first.get("properties"));
    }

    @Test
    void another_cadres_household_and_an_unknown_one_answer_the_same_404() throws Exception {
        HttpResponse<String> others = cadre.get("/api/field/households/" + othersHousehold);
        HttpResponse<String> unknown = cadre.get("/api/field/households/5001519999999999");
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(others.body()).doesNotContain(OTHER_CADRE).doesNotContain("head_name");
        assertThat(json(others).get("detail")).isEqualTo(json(unknown).get("detail"));
        assertThat(json(others).has("parameter")).isFalse();
        assertThat(signedIn(OTHER_CADRE).get("/api/field/households/" + othersHousehold).statusCode()).isEqualTo(200);
    }

    @Test
    void only_cadres_reach_the_field_api() {
        String body = visit(mine.get(0), "2020-09-14T09:35:00+08:00").toString();
        ApiClient anyone = server.client();
        assertThat(anyone.get("/api/field/households").statusCode()).isEqualTo(401);
        assertThat(anyone.get("/api/field/households/" + mine.get(0)).statusCode()).isEqualTo(401);
        assertThat(anyone.send("POST", "/api/field/visits", body, Map.of()).statusCode()).isEqualTo(401);
        for (Role r : List.of(Role.LEADER, Role.PLANNER, Role.ADMIN)) {
            ApiClient c = signedIn("field-" + r.name().toLowerCase(java.util.Locale.ROOT));
            assertThat(c.get("/api/field/households").statusCode()).as(r.name()).isEqualTo(403);
            assertThat(c.get("/api/field/households/" + mine.get(0)).statusCode()).as(r.name()).isEqualTo(403);
            assertThat(c.send("POST", "/api/field/visits", body, Map.of()).statusCode()).as(r.name()).isEqualTo(403);
        }
    }

    @Test
    void a_visit_sent_twice_is_one_row_and_counted_once() throws Exception {
        long rows = storedVisits(mine.get(0));
        long month = monthCount("2020-09");
        ObjectNode body = visit(mine.get(0), "2020-09-14T09:35:00+08:00").put("lon", 106.04).put("lat", 29.84);
        HttpResponse<String> first = post(cadre, body);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        HttpResponse<String> again = post(cadre, body);
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again)).isEqualTo(json(first));
        JsonNode v = json(first);
        assertThat(v.get("id").asText()).isEqualTo(body.get("id").asText());
        assertThat(v.get("village_code").asText()).isEqualTo(village);
        assertThat(v.get("cadre").asText()).isEqualTo(CADRE);
        assertThat(v.get("lon").asDouble()).isEqualTo(106.04);
        assertThat(storedVisits(mine.get(0))).isEqualTo(rows + 1);
        assertThat(monthCount("2020-09")).isEqualTo(month + 1);
        assertThat(server.routes().work().audit().page("visit-add", CADRE, 100, 0))
                .filteredOn(e -> e.target().equals(body.get("id").asText())).hasSize(1);
    }

    @Test
    void a_visit_without_a_position_takes_the_households() throws Exception {
        HttpResponse<String> r = post(cadre, visit(mine.get(0), "2020-08-02T10:00:00+08:00"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode household = json(cadre.get("/api/field/households/" + mine.get(0))).get("geometry")
                .get("coordinates");
        assertThat(json(r).get("lon").asDouble()).isEqualTo(household.get(0).asDouble());
        assertThat(json(r).get("lat").asDouble()).isEqualTo(household.get(1).asDouble());
    }

    @Test
    void bad_input_is_refused_naming_the_field_and_writes_nothing() throws Exception {
        long rows = storedVisits(mine.get(0));
        long othersRows = storedVisits(othersHousehold);
        long month = monthCount("2020-09");
        String future = OffsetDateTime.now(ZoneOffset.ofHours(8)).plusDays(3).truncatedTo(ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String at = "2020-09-20T10:00:00+08:00";
        Map<String, ObjectNode> bad = new java.util.LinkedHashMap<>();
        bad.put("kind", visit(mine.get(0), at).put("kind", "weekly"));
        bad.put("at", visit(mine.get(0), "yesterday"));
        bad.put("at ", visit(mine.get(0), "2020-09-20T10:00:00")); // no offset
        bad.put("at  ", visit(mine.get(0), future));
        bad.put("household_code", (ObjectNode) visit(mine.get(0), at).remove(List.of("household_code")));
        bad.put("id", visit(mine.get(0), at).put("id", "not-a-uuid"));
        bad.put("note", visit(mine.get(0), at).put("note", "很".repeat(2_001)));
        bad.put("lon", visit(mine.get(0), at).put("lon", 116.4).put("lat", 39.9));
        bad.put("lat", visit(mine.get(0), at).put("lon", 106.0));
        for (var e : bad.entrySet()) {
            HttpResponse<String> r = post(cadre, e.getValue());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(json(r).get("parameter").asText()).isEqualTo(e.getKey().trim());
        }
        HttpResponse<String> others = post(cadre, visit(othersHousehold, at));
        assertThat(others.statusCode()).isEqualTo(404);
        assertThat(others.body()).doesNotContain(OTHER_CADRE);
        assertThat(storedVisits(mine.get(0))).isEqualTo(rows);
        assertThat(storedVisits(othersHousehold)).isEqualTo(othersRows);
        assertThat(monthCount("2020-09")).isEqualTo(month);
        for (ObjectNode b : bad.values()) {
            if (b.hasNonNull("id")) {
                assertThat(server.routes().work().field().visit(b.get("id").asText())).isEmpty();
            }
        }
    }

    @Test
    void the_cockpit_counts_a_new_visit_in_its_month() throws Exception {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS);
        String at = now.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        String month = at.substring(0, 7);
        // the first visit of this month brings the cockpit's twelve months up to today
        assertThat(post(cadre, visit(mine.get(0), at)).statusCode()).isEqualTo(201);
        long before = visitsIn(month);
        assertThat(before).isGreaterThanOrEqualTo(1);
        HttpResponse<String> r = post(cadre, visit(mine.get(mine.size() - 1), at));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(visitsIn(month)).isEqualTo(before + 1);
        assertThat(server.get("/api/dashboard").body()).doesNotContain(CADRE).doesNotContain(mine.get(0));
    }

    private long visitsIn(String month) throws Exception {
        JsonNode doc = json(server.get("/api/dashboard"));
        for (JsonNode m : doc.get("charts").get("visitsByMonth")) {
            if (m.get("month").asText().equals(month)) {
                return m.get("visits").asLong();
            }
        }
        throw new AssertionError("no month " + month + " in the cockpit's visits: " + doc.get("charts")
                .get("visitsByMonth"));
    }
}
