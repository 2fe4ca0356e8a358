package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Planners' progress updates over HTTP, the same on both stores: If-Match/ETag, 412 for stale
 * versions with nothing changed, history with who and when, audit, the cockpit's figures, and
 * 100 concurrent conflicting updates ending with one winner per version and a complete history.
 * Subclasses give a server with users "guihua" (planner), "lingdao" (leader), "admin" (admin).
 */
public abstract class ProjectUpdatesContract {
    protected static final String PLANNER_PASSWORD = "planner-password-1";

    protected abstract TestServer server();

    ApiClient planner() {
        ApiClient c = server().client();
        assertThat(c.signIn("guihua", PLANNER_PASSWORD).statusCode()).isEqualTo(200);
        return c;
    }

    static String etag(HttpResponse<String> r) {
        return r.headers().firstValue("ETag").orElseThrow(() -> new AssertionError("no ETag: " + r.body()));
    }

    static Map<String, String> ifMatch(String etag) {
        return Map.of("If-Match", etag);
    }

    @Test
    void an_update_needs_the_version_it_saw_and_a_stale_one_changes_nothing() {
        ApiClient c = planner();
        HttpResponse<String> before = c.get("/api/projects/project-002");
        assertThat(before.statusCode()).isEqualTo(200);
        String v0 = etag(before);
        HttpResponse<String> none = c.send("PATCH", "/api/projects/project-002", "{\"progress_pct\": 50}", Map.of());
        assertThat(none.statusCode()).isEqualTo(428);
        assertThat(ApiClient.json(none).get("parameter").asText()).isEqualTo("If-Match");
        HttpResponse<String> ok = c.send("PATCH", "/api/projects/project-002",
                "{\"progress_pct\": 55, \"status\": \"under_way\", \"note\": \"钢筋进场 <b>bold</b>\"}", ifMatch(v0));
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        String v1 = etag(ok);
        assertThat(v1).isNotEqualTo(v0);
        HttpResponse<String> stale = c.send("PATCH", "/api/projects/project-002", "{\"progress_pct\": 99}", ifMatch(v0));
        assertThat(stale.statusCode()).isEqualTo(412);
        assertThat(stale.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(etag(stale)).isEqualTo(v1);
        JsonNode now = ApiClient.json(c.get("/api/projects/project-002"));
        assertThat(now.at("/properties/progress_pct").asDouble()).isEqualTo(55.0);
        JsonNode last = now.get("history").get(now.get("history").size() - 1);
        assertThat(last.get("by").asText()).isEqualTo("guihua");
        assertThat(last.get("note").asText()).isEqualTo("钢筋进场 <b>bold</b>");
        assertThat(last.get("progress_pct").asDouble()).isEqualTo(55.0);
        assertThat(last.get("at").asText()).isEqualTo(LocalDate.now(ProjectEdits.COUNTY_ZONE).toString());
        // the public sees the progress but not who wrote which note
        JsonNode pub = ApiClient.json(server().client().get("/api/projects/project-002"));
        assertThat(pub.at("/properties/progress_pct").asDouble()).isEqualTo(55.0);
        assertThat(pub.get("history").get(0).has("note")).isFalse();
        assertThat(pub.get("history").get(0).has("by")).isFalse();
    }

    @Test
    void bad_updates_get_400_naming_the_field_and_change_nothing() {
        ApiClient c = planner();
        String v = etag(c.get("/api/projects/project-003"));
        Map<String, String> cases = Map.of(
                "{\"status\": \"finished\"}", "status",
                "{\"progress_pct\": 101}", "progress_pct",
                "{\"progress_pct\": \"half\"}", "progress_pct",
                "{\"budget_yuan\": 1}", "budget_yuan",
                "{}", "body",
                "{\"status\": \"done\", \"progress_pct\": 40}", "progress_pct");
        for (var e : cases.entrySet()) {
            HttpResponse<String> r = c.send("PATCH", "/api/projects/project-003", e.getKey(), ifMatch(v));
            assertThat(r.statusCode()).as(e.getKey()).isEqualTo(400);
            assertThat(ApiClient.json(r).get("parameter").asText()).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(c.send("PATCH", "/api/projects/no-such-project", "{\"progress_pct\": 1}", ifMatch(v)).statusCode())
                .isEqualTo(404);
        assertThat(etag(c.get("/api/projects/project-003"))).isEqualTo(v);
    }

    @Test
    void a_done_project_cannot_be_left_below_100_percent() {
        ApiClient c = planner();
        String v = etag(c.get("/api/projects/project-006"));
        HttpResponse<String> done = c.send("PATCH", "/api/projects/project-006", "{\"status\": \"done\"}", ifMatch(v));
        assertThat(done.statusCode()).as(done.body()).isEqualTo(200);
        String v1 = etag(done);
        HttpResponse<String> seven = c.send("PATCH", "/api/projects/project-006", "{\"progress_pct\": 7}", ifMatch(v1));
        assertThat(seven.statusCode()).as(seven.body()).isEqualTo(400);
        assertThat(ApiClient.json(seven).get("parameter").asText()).isEqualTo("progress_pct");
        JsonNode now = ApiClient.json(c.get("/api/projects/project-006"));
        assertThat(now.at("/properties/status").asText()).isEqualTo("done");
        assertThat(now.at("/properties/progress_pct").asDouble()).isEqualTo(100.0);
        assertThat(etag(c.get("/api/projects/project-006"))).isEqualTo(v1);
        // reopening it with a lower figure is one consistent change
        HttpResponse<String> reopened = c.send("PATCH", "/api/projects/project-006",
                "{\"status\": \"under_way\", \"progress_pct\": 90}", ifMatch(v1));
        assertThat(reopened.statusCode()).as(reopened.body()).isEqualTo(200);
    }

    @Test
    void a_leader_may_read_but_not_update() {
        ApiClient c = server().client();
        c.signIn("lingdao", "leader-password-1");
        String v = etag(c.get("/api/projects/project-004"));
        assertThat(c.send("PATCH", "/api/projects/project-004", "{\"progress_pct\": 10}", ifMatch(v)).statusCode())
                .isEqualTo(403);
    }

    @Test
    void the_cockpit_counts_the_change() {
        String asOf = LocalDate.now(ProjectEdits.COUNTY_ZONE).toString();
        ApiClient c = planner();
        JsonNode before = ApiClient.json(c.get("/api/dashboard?asOf=" + asOf)).at("/charts/projectsByStatus");
        HttpResponse<String> p = c.get("/api/projects/project-001");
        assertThat(ApiClient.json(p).at("/properties/status").asText()).isNotEqualTo("done");
        HttpResponse<String> r = c.send("PATCH", "/api/projects/project-001", "{\"status\": \"done\"}", ifMatch(etag(p)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode after = ApiClient.json(c.get("/api/dashboard?asOf=" + asOf)).at("/charts/projectsByStatus");
        assertThat(count(after, "done")).isEqualTo(count(before, "done") + 1);
        // without asOf the cockpit shows the data's own date, which is now the day of the edit in the county
        JsonNode plain = ApiClient.json(c.get("/api/dashboard"));
        assertThat(plain.get("asOf").asText()).isEqualTo(asOf);
        assertThat(count(plain.at("/charts/projectsByStatus"), "done")).isEqualTo(count(after, "done"));
    }

    private static long count(JsonNode byStatus, String status) {
        JsonNode n = byStatus.get(status);
        return n == null ? 0 : n.isObject() ? n.path("count").asLong() : n.asLong();
    }

    @Test
    void concurrent_conflicting_updates_have_one_winner_per_version_and_a_complete_history() throws Exception {
        String project = "/api/projects/project-005";
        ApiClient reader = planner();
        JsonNode start = ApiClient.json(reader.get(project));
        int historyBefore = start.get("history").size();
        String v0 = etag(reader.get(project));
        List<ApiClient> clients = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            clients.add(planner());
        }
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            // round 1: 100 updates from the same version at once: exactly one wins
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> first = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ApiClient c = clients.get(i % clients.size());
                int pct = i;
                first.add(pool.submit(() -> {
                    go.await();
                    return c.send("PATCH", project, "{\"status\": \"under_way\", \"progress_pct\": " + pct + "}",
                            ifMatch(v0)).statusCode();
                }));
            }
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : first) {
                statuses.add(f.get(120, TimeUnit.SECONDS));
            }
            assertThat(statuses.stream().filter(s -> s == 200).count()).isEqualTo(1);
            assertThat(statuses.stream().filter(s -> s == 412).count()).isEqualTo(99);
            // round 2: 10 writers, 10 updates each, retrying on 412 until each lands: every version has one winner
            ConcurrentLinkedQueue<String> winners = new ConcurrentLinkedQueue<>();
            List<Future<?>> second = new ArrayList<>();
            for (int w = 0; w < 10; w++) {
                ApiClient c = clients.get(w);
                int writer = w;
                second.add(pool.submit(() -> {
                    for (int n = 0; n < 10; n++) {
                        int pct = writer * 10 + n;
                        boolean landed = false;
                        for (int attempt = 0; attempt < 500 && !landed; attempt++) {
                            String v = etag(c.get(project));
                            HttpResponse<String> r = c.send("PATCH", project, "{\"status\": \"under_way\", \"progress_pct\": " + pct
                                    + ", \"note\": \"writer " + pct + "\"}", ifMatch(v));
                            if (r.statusCode() == 200) {
                                winners.add(v);
                                landed = true;
                            } else {
                                assertThat(r.statusCode()).isEqualTo(412);
                            }
                        }
                        if (!landed) {
                            throw new AssertionError("update " + pct + " never got through");
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : second) {
                f.get(300, TimeUnit.SECONDS);
            }
            assertThat(winners).hasSize(100);
            assertThat(new HashSet<>(winners)).as("each version won once").hasSize(100);
        } finally {
            pool.shutdownNow();
        }
        JsonNode end = ApiClient.json(reader.get(project));
        assertThat(end.get("history").size()).isEqualTo(historyBefore + 101);
        Set<String> notes = new HashSet<>();
        end.get("history").forEach(h -> {
            if (h.path("note").asText().startsWith("writer ")) {
                notes.add(h.get("note").asText());
            }
        });
        assertThat(notes).hasSize(100);
        ApiClient admin = server().client();
        admin.signIn("admin", "admin-password-1");
        JsonNode audit = ApiClient.json(admin.get("/api/audit?action=project-update&limit=1000")).get("entries");
        long forProject = 0;
        for (JsonNode e : audit) {
            if (e.get("target").asText().equals("project-005")) {
                forProject++;
            }
        }
        assertThat(forProject).isEqualTo(101);
    }
}
