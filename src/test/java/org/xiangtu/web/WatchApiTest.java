package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.ApiServerTest;

/**
 * The relapse watch over HTTP on the demo county (docs/relapse-watch.md): an update that drops a household's
 * income below the line opens one alert, a visit reporting an event opens one, however often the rules run;
 * the cadre sees them as tasks and verifies them; a confirmed alert puts the household under monitoring,
 * which ends only by a leader's decision once the risk is gone; a department's list (GBK) opens alerts,
 * reports unknown codes and never duplicates; roles and bad input are refused naming the field.
 */
class WatchApiTest extends ApiServerTest {
    /** A demo cadre with six households in village 500151103202. */
    private static final String CADRE = "gb50015110320201";
    private static final String OTHER_CADRE = "gb50015100300101";
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");
    private ApiClient cadre;
    private ApiClient leader;
    private List<String> mine;

    WatchApiTest() {
        super("watch-password-1");
    }

    @BeforeAll
    void start() throws Exception {
        addUser(CADRE, Role.CADRE);
        addUser(OTHER_CADRE, Role.CADRE);
        addUser("watch-leader", Role.LEADER);
        addUser("watch-planner", Role.PLANNER);
        addUser("watch-admin", Role.ADMIN);
        cadre = signedIn(CADRE);
        leader = signedIn("watch-leader");
        mine = new ArrayList<>();
        json(cadre.get("/api/field/households")).get("features")
                .forEach(f -> mine.add(f.get("properties").get("code").asText()));
        assertThat(mine).hasSizeGreaterThanOrEqualTo(5);
    }

    private static HttpResponse<String> post(ApiClient c, String path, JsonNode body) {
        return c.send("POST", path, body.toString(), Map.of("X-CSRF-Token", c.csrf()));
    }

    private static String now() {
        return AT.format(OffsetDateTime.now(ZoneOffset.ofHours(8)).truncatedTo(ChronoUnit.SECONDS));
    }

    /** Sets the household's 2020 incomes (yuan) through the field app's update. */
    private HttpResponse<String> setIncome(String code, double wage) throws Exception {
        long version = json(cadre.get("/api/field/households/" + code)).get("version").asLong();
        ObjectNode body = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("base_version", version)
                .put("at", now());
        body.set("changes", JSON.valueToTree(Map.of("income_wage_2020", wage, "income_business_2020", 0,
                "income_transfer_2020", 0, "income_property_2020", 0)));
        return post(cadre, "/api/field/households/" + code + "/updates", body);
    }

    private List<JsonNode> tasks(String code) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        json(cadre.get("/api/field/alerts")).get("alerts").forEach(a -> {
            if (a.get("household_code").asText().equals(code)) {
                out.add(a);
            }
        });
        return out;
    }

    @Test
    void an_income_below_the_line_opens_one_alert_for_the_cadre() throws Exception {
        String code = mine.get(0);
        HttpResponse<String> r = setIncome(code, 100);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        List<JsonNode> t = tasks(code);
        assertThat(t).extracting(a -> a.get("rule").asText()).contains("income_below_line", "income_drop");
        JsonNode below = t.stream().filter(a -> a.get("rule").asText().equals("income_below_line")).findFirst()
                .orElseThrow();
        assertThat(below.get("tier").asText()).isEqualTo("high");
        assertThat(below.get("cadre").asText()).isEqualTo(CADRE);
        assertThat(below.get("status").asText()).isEqualTo("open");
        assertThat(below.get("title").get("zh").asText()).isEqualTo("人均纯收入低于监测线");
        assertThat(below.get("tier_title").get("en").asText()).isEqualTo("High risk");
        assertThat(below.get("overdue").asBoolean()).isFalse();
        // another change of the household, and a full run: still one alert per rule
        assertThat(setIncome(code, 50).statusCode()).isEqualTo(201);
        ApiClient admin = signedIn("watch-admin");
        HttpResponse<String> run = post(admin, "/api/watch/run", JSON.createObjectNode());
        assertThat(run.statusCode()).as(run.body()).isEqualTo(200);
        // the store hands over only the households that may hit (a tenth or fewer of the demo's 4,448), each checked
        assertThat(json(run).get("checked").asLong()).isBetween(json(run).get("hits").asLong() / 7, 445L);
        assertThat(tasks(code)).filteredOn(a -> a.get("rule").asText().equals("income_below_line")).hasSize(1);
        HttpResponse<String> again = post(admin, "/api/watch/run", JSON.createObjectNode());
        assertThat(json(again).get("opened").asLong()).isZero();
        assertThat(json(again).get("hits").asLong()).isEqualTo(json(run).get("hits").asLong());
    }

    @Test
    void a_visit_reporting_an_event_opens_an_alert_and_verification_starts_monitoring() throws Exception {
        String code = mine.get(1);
        ObjectNode visit = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("household_code", code)
                .put("kind", "emergency").put("at", now()).put("note", "住院，自付费用较大").put("reported", "medical_expense");
        HttpResponse<String> v = post(cadre, "/api/field/visits", visit);
        assertThat(v.statusCode()).as(v.body()).isEqualTo(201);
        assertThat(json(v).get("reported").asText()).isEqualTo("medical_expense");
        JsonNode alert = tasks(code).stream().filter(a -> a.get("rule").asText().equals("medical_expense"))
                .findFirst().orElseThrow();
        String id = alert.get("id").asText();

        ApiClient other = signedIn(OTHER_CADRE);
        ObjectNode verify = JSON.createObjectNode().put("confirmed", true).put("note", "申请临时救助")
                .put("visit_id", visit.get("id").asText());
        assertThat(post(other, "/api/field/alerts/" + id + "/verify", verify).statusCode()).isEqualTo(404);
        HttpResponse<String> done = post(cadre, "/api/field/alerts/" + id + "/verify", verify);
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        assertThat(json(done).get("status").asText()).isEqualTo("confirmed");
        assertThat(json(done).get("monitoring").get("measure").asText()).isEqualTo("申请临时救助");
        HttpResponse<String> resent = post(cadre, "/api/field/alerts/" + id + "/verify", verify);
        assertThat(resent.statusCode()).as("the same verification again answers as the first").isEqualTo(200);
        assertThat(json(resent).get("closed_at")).isEqualTo(json(done).get("closed_at"));
        HttpResponse<String> twice = post(cadre, "/api/field/alerts/" + id + "/verify",
                verify.deepCopy().put("confirmed", false).put("note", "不属实"));
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(tasks(code)).noneMatch(a -> a.get("id").asText().equals(id));

        JsonNode monitored = json(leader.get("/api/watch/monitoring?village=" + code.substring(0, 12)));
        assertThat(monitored.get("monitoring")).anyMatch(m -> m.get("household_code").asText().equals(code));
        // the event still counts for 30 days: the monitoring cannot end yet
        HttpResponse<String> early = post(leader, "/api/watch/monitoring/" + code + "/end",
                JSON.createObjectNode().put("reason", "已报销"));
        assertThat(early.statusCode()).as(early.body()).isEqualTo(409);
        assertThat(json(early).get("detail").asText()).contains("medical_expense");
        assertThat(server.routes().work().audit().page("watch-verify", CADRE, 100, 0))
                .filteredOn(e -> e.target().equals(id)).hasSize(1);
    }

    @Test
    void monitoring_ends_by_a_leaders_decision_once_the_risk_is_gone() throws Exception {
        String code = mine.get(2);
        assertThat(setIncome(code, 10).statusCode()).isEqualTo(201);
        List<JsonNode> open = tasks(code);
        assertThat(open).isNotEmpty();
        for (JsonNode a : open) {
            HttpResponse<String> r = post(cadre, "/api/field/alerts/" + a.get("id").asText() + "/verify",
                    JSON.createObjectNode().put("confirmed", true).put("note", "安排公益性岗位"));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        HttpResponse<String> tooEarly = post(leader, "/api/watch/monitoring/" + code + "/end",
                JSON.createObjectNode().put("reason", "收入恢复"));
        assertThat(tooEarly.statusCode()).isEqualTo(409);
        assertThat(json(tooEarly).get("detail").asText()).contains("income_below_line");
        assertThat(setIncome(code, 90000).statusCode()).isEqualTo(201); // back above the line
        HttpResponse<String> end = post(leader, "/api/watch/monitoring/" + code + "/end",
                JSON.createObjectNode().put("reason", "收入恢复，风险消除"));
        assertThat(end.statusCode()).as(end.body()).isEqualTo(204);
        JsonNode all = json(leader.get("/api/watch/monitoring?current=false&village=" + code.substring(0, 12)));
        assertThat(all.get("monitoring")).anyMatch(m -> m.get("household_code").asText().equals(code)
                && m.get("end_reason").asText().equals("收入恢复，风险消除")
                && m.get("ended_by").asText().equals("watch-leader"));
        assertThat(post(leader, "/api/watch/monitoring/" + code + "/end", JSON.createObjectNode().put("reason", "x"))
                .statusCode()).isEqualTo(409);
    }

    @Test
    void a_department_list_opens_alerts_reports_unknown_codes_and_never_duplicates() throws Exception {
        String a = mine.get(3);
        String b = mine.get(4);
        String csv = "户编码,原因\r\n" + a + ",申请低保\r\n9999999999999999,不明\r\n" + b + ",大病救助\r\n" + a + ",重复\r\n";
        byte[] gbk = csv.getBytes(Charset.forName("GBK"));
        HttpResponse<String> first = leader.upload("/api/watch/lists", "民政.csv", gbk, Map.of("source", "civil_affairs"));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode r = json(first);
        assertThat(r.get("encoding").asText()).isEqualTo("GBK");
        assertThat(r.get("lines").asInt()).isEqualTo(4);
        assertThat(r.get("opened")).extracting(o -> o.get("household_code").asText()).containsExactly(a, b);
        assertThat(r.get("opened").get(0).get("reason").asText()).isEqualTo("申请低保");
        assertThat(r.get("opened").get(0).get("rule").asText()).isEqualTo("list:civil_affairs");
        assertThat(r.get("unknown")).extracting(JsonNode::asText).containsExactly("9999999999999999");
        assertThat(r.get("problems").toString()).contains("line 5");
        HttpResponse<String> again = leader.upload("/api/watch/lists", "民政.csv",
                csv.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("source", "civil_affairs"));
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(json(again).get("encoding").asText()).isEqualTo("UTF-8");
        assertThat(json(again).get("already_open")).extracting(JsonNode::asText).containsExactly(a, b);
        assertThat(tasks(a)).filteredOn(t -> t.get("rule").asText().equals("list:civil_affairs")).hasSize(1);
        JsonNode listed = json(leader.get("/api/watch/alerts?household=" + a + "&status=open"));
        assertThat(listed.get("alerts")).anyMatch(x -> x.get("rule").asText().equals("list:civil_affairs"));
    }

    @Test
    void roles_and_bad_input_are_refused_naming_the_field() throws Exception {
        ApiClient planner = signedIn("watch-planner");
        assertThat(planner.get("/api/watch/alerts").statusCode()).isEqualTo(403);
        assertThat(planner.get("/api/watch/monitoring").statusCode()).isEqualTo(403);
        assertThat(server.client().get("/api/watch/alerts").statusCode()).isEqualTo(401);
        assertThat(leader.get("/api/field/alerts").statusCode()).isEqualTo(403);
        assertThat(post(leader, "/api/watch/run", JSON.createObjectNode()).statusCode()).isEqualTo(403);

        HttpResponse<String> noSource = leader.upload("/api/watch/lists", "x.csv", "code\n1\n".getBytes(),
                Map.of("source", "lottery_office"));
        assertThat(noSource.statusCode()).isEqualTo(400);
        assertThat(json(noSource).get("parameter").asText()).isEqualTo("source");
        HttpResponse<String> noColumn = leader.upload("/api/watch/lists", "x.csv", "name\n张三\n".getBytes(),
                Map.of("source", "housing"));
        assertThat(noColumn.statusCode()).isEqualTo(400);
        assertThat(json(noColumn).get("parameter").asText()).isEqualTo("file");
        assertThat(leader.get("/api/watch/alerts?status=maybe").statusCode()).isEqualTo(400);
        // a list over 5 MB is refused whole, never read in part
        byte[] big = ("code,reason\n" + (mine.get(0) + "," + "房屋受损".repeat(30) + "\n").repeat(17_000))
                .getBytes(java.nio.charset.StandardCharsets.UTF_8); // fewer lines than any other limit
        assertThat(big.length).isGreaterThan(5 << 20);
        long before = json(leader.get("/api/watch/alerts?limit=5000")).get("alerts").size();
        HttpResponse<String> tooBig = chunked(leader, "/api/watch/lists", "big.csv", big, "housing");
        assertThat(tooBig.statusCode()).as(tooBig.body()).isEqualTo(413);
        assertThat(json(tooBig).get("parameter").asText()).isEqualTo("file");
        assertThat(json(leader.get("/api/watch/alerts?limit=5000")).get("alerts").size()).isEqualTo(before);

        HttpResponse<String> verify = post(cadre, "/api/field/alerts/x/verify", JSON.createObjectNode().put("note", "n"));
        assertThat(verify.statusCode()).isEqualTo(400);
        assertThat(json(verify).get("parameter").asText()).isEqualTo("confirmed");
        assertThat(post(cadre, "/api/field/alerts/no-such/verify", JSON.createObjectNode().put("confirmed", false)
                .put("note", "n")).statusCode()).isEqualTo(404);
        ObjectNode visit = JSON.createObjectNode().put("id", UUID.randomUUID().toString())
                .put("household_code", mine.get(0)).put("kind", "monthly").put("at", now()).put("reported", "lottery");
        HttpResponse<String> v = post(cadre, "/api/field/visits", visit);
        assertThat(v.statusCode()).isEqualTo(400);
        assertThat(json(v).get("parameter").asText()).isEqualTo("reported");
        HttpResponse<String> end = post(leader, "/api/watch/monitoring/" + mine.get(0) + "/end", JSON.createObjectNode());
        assertThat(end.statusCode()).isEqualTo(400);
        assertThat(json(end).get("parameter").asText()).isEqualTo("reason");
    }

    @Test
    void planners_ask_how_many_households_at_risk_are_far_from_water_in_counts_only() throws Exception {
        ApiClient planner = signedIn("watch-planner");
        JsonNode near = json(planner.get("/api/watch/reach?layer=water_works&distance=0"));
        long atRisk = atRiskHouseholds();
        assertThat(atRisk).isGreaterThanOrEqualTo(5);
        assertThat(near.get("at_risk").asLong()).isEqualTo(atRisk);
        assertThat(near.get("farther").asLong()).as("nobody lives on the works themselves").isEqualTo(atRisk);
        for (String distance : List.of("0", "1000", "3000")) {
            HttpResponse<String> r = planner.get("/api/watch/reach?layer=water_works&distance=" + distance);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("charset=utf-8");
            assertThat(r.body()).doesNotContain("household_code").doesNotContain(CADRE).doesNotContain(mine.get(0));
            for (JsonNode t : json(r).get("towns")) {
                assertThat(t.get("name").isTextual()).as("town %s named", t.get("code")).isTrue();
            }
            JsonNode a = json(r);
            for (String figure : List.of("at_risk", "farther")) {
                long published = 0;
                int withheld = 0;
                for (JsonNode t : a.get("towns")) {
                    if (t.get(figure).isNull()) {
                        withheld++;
                    } else {
                        assertThat(t.get(figure).asLong()).as(figure + " of " + t.get("code")).isGreaterThanOrEqualTo(5);
                        published += t.get(figure).asLong();
                    }
                }
                if (!a.get(figure).isNull()) {
                    assertThat(withheld).as("one withheld town would be the total minus the others").isNotEqualTo(1);
                    long hidden = a.get(figure).asLong() - published;
                    if (withheld == 0) {
                        assertThat(hidden).isZero();
                    } else {
                        assertThat(hidden).as("what the withheld towns hold together").isGreaterThanOrEqualTo(5);
                    }
                }
            }
        }
        HttpResponse<String> bad = planner.get("/api/watch/reach?layer=households&distance=1000");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).get("parameter").asText()).isEqualTo("layer");
        assertThat(json(planner.get("/api/watch/reach?layer=water_works&distance=-1")).get("parameter").asText())
                .isEqualTo("distance");
        assertThat(server.client().get("/api/watch/reach?layer=water_works").statusCode()).isEqualTo(401);
    }

    /** Households with an open alert or under monitoring, as the leader's routes list them. */
    private long atRiskHouseholds() throws Exception {
        java.util.Set<String> codes = new java.util.HashSet<>();
        json(leader.get("/api/watch/alerts?status=open&limit=5000")).get("alerts")
                .forEach(a -> codes.add(a.get("household_code").asText()));
        json(leader.get("/api/watch/monitoring")).get("monitoring").forEach(m -> codes.add(m.get("household_code").asText()));
        return codes.size();
    }

    /** A multipart list upload sent chunked, without Content-Length (as a streaming client would). */
    private HttpResponse<String> chunked(ApiClient c, String path, String name, byte[] content, String source)
            throws Exception {
        String boundary = "xiangtu-chunked";
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"source\"\r\n\r\n" + source
                + "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: text/csv\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        body.write(content);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path)))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .header("Cookie", c.cookieHeader()).header("X-CSRF-Token", c.csrf())
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)))
                .build();
        return java.net.http.HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    }
}
