package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.catalog.Visibility;
import org.xiangtu.io.GeoJsonLayerReader;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.Feature;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * A household's personal data never reaches the public or planners: every GET route of the route table
 * that these roles reach is walked with every catalogue layer, feature, town and village it takes, as
 * JSON and in every export format, and no answer may hold a household's code, its head's name, its
 * cadre's user name, or a visit's or work log's id. The household layers themselves answer 404.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HouseholdPrivacyTest {
    private static final List<String> EXPORT_FORMATS = List.of("geojson", "csv", "gpkg", "shp");
    private TestServer server;
    /** Strings that name a household or its people, each as it would appear in JSON or text. */
    private final Set<String> secrets = new HashSet<>();
    private final List<String> householdIds = new ArrayList<>();
    private final List<String> recordIds = new ArrayList<>();
    private String visitId;
    private String logId;
    private String photoId;

    @BeforeAll
    void start() throws Exception {
        server = TestServer.start();
        server.addUser("privacy-planner", Role.PLANNER, "privacy-password-1");
        DataSource data = DataSource.folder(Path.of("data"));
        for (LayerDef layer : server.catalog.layers()) {
            if (layer.visibility() != Visibility.HOUSEHOLD) {
                continue;
            }
            try (InputStream in = data.open(layer.file())) {
                for (Feature f : GeoJsonLayerReader.read(layer, in, layer.file())) {
                    (layer.id().equals("households") ? householdIds : recordIds).add(f.id());
                    secrets.add(f.id());
                    for (String field : List.of("code", "household_code", "cadre", "head_name")) {
                        if (f.properties().get(field) instanceof String s && !s.isEmpty()) {
                            secrets.add(field.equals("head_name") ? "\"" + s + "\"" : s);
                        }
                    }
                }
            }
        }
        assertThat(householdIds).hasSize(4_448);
        assertThat(secrets).hasSizeGreaterThan(10_000);
        openOneReview();
        recordAVisitWithAPhotoAndALog();
    }

    /** A cadre's visit with a photo (the EXIF fixture, sent over HTTP) and a work log, so their routes are walked with data. */
    private void recordAVisitWithAPhotoAndALog() throws Exception {
        String cadre = "gb50015100300101";
        server.addUser(cadre, Role.CADRE, "privacy-password-1");
        ApiClient c = server.client();
        assertThat(c.signIn(cadre, "privacy-password-1").statusCode()).isEqualTo(200);
        visitId = java.util.UUID.randomUUID().toString();
        HttpResponse<String> visit = c.send("POST", "/api/field/visits", "{\"id\":\"" + visitId + "\",\"household_code\":"
                + "\"5001510030010001\",\"kind\":\"monthly\",\"at\":\"2020-10-14T09:40:00+08:00\"}", Map.of());
        assertThat(visit.statusCode()).as(visit.body()).isEqualTo(201);
        logId = java.util.UUID.randomUUID().toString();
        HttpResponse<String> log = c.send("POST", "/api/field/logs", "{\"id\":\"" + logId + "\",\"household_code\":"
                + "\"5001510030010001\",\"kind\":\"measure\",\"at\":\"2020-10-14T10:00:00+08:00\",\"text\":\"核对收入\"}",
                Map.of());
        assertThat(log.statusCode()).as(log.body()).isEqualTo(201);
        byte[] jpeg = java.nio.file.Files.readAllBytes(Path.of("src/test/resources/fixtures/photo-exif-gps.jpg"));
        photoId = java.util.UUID.randomUUID().toString();
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(jpeg));
        HttpResponse<String> begun = c.send("POST", "/api/field/photos", "{\"id\":\"" + photoId + "\",\"record\":\"visit\","
                + "\"record_id\":\"" + visitId + "\",\"bytes\":" + jpeg.length + ",\"sha256\":\"" + sha + "\",\"lon\":106.0421,"
                + "\"lat\":29.8448}", Map.of());
        assertThat(begun.statusCode()).as(begun.body()).isEqualTo(201);
        HttpResponse<String> put = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(server.url("/api/field/photos/" + photoId + "/content")))
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofByteArray(jpeg)).header("Cookie", c.cookieHeader())
                .header("X-CSRF-Token", c.csrf()).header("Content-Range", "bytes 0-" + (jpeg.length - 1) + "/" + jpeg.length)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.body()).contains("\"complete\":true");
    }

    /** Two updates of one field from the same base: the review queue holds one, so its routes are walked with data. */
    private void openOneReview() {
        HouseholdChangeStore changes = server.routes().work().householdChanges();
        for (String cause : List.of("illness", "disability")) {
            java.time.Instant now = java.time.Instant.now();
            String id = java.util.UUID.randomUUID().toString();
            changes.update(new HouseholdChangeStore.Update(id, "5001510030010001", "gb50015100300101", 0,
                    "2020-10-14T09:35:00+08:00", Map.of("main_cause", cause, "size", 9L), now,
                    new AuditEntry(0, now, "gb50015100300101", "192.0.2.1", "household-update", id, "ok", "{}")));
        }
        assertThat(changes.openByVillage()).containsEntry("500151003001", 1L);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void no_public_or_planner_answer_holds_a_household_record() {
        ApiClient anyone = server.client();
        ApiClient planner = server.client();
        assertThat(planner.signIn("privacy-planner", "privacy-password-1").statusCode()).isEqualTo(200);
        Set<String> paths = paths();
        List<String> leaks = new ArrayList<>();
        int answered = 0;
        for (String path : paths) {
            for (ApiClient c : List.of(anyone, planner)) {
                HttpResponse<String> r = path.equals("/events") ? null : c.get(path);
                if (r == null) {
                    continue;
                }
                if (r.statusCode() == 200) {
                    answered++;
                }
                // a 404 names what was asked for: the caller's own words are not a leak
                leakIn(withoutAsked(r.body(), path)).ifPresent(secret -> leaks.add(path + (c == planner ? " (planner)" : " (public)")
                        + " holds " + secret));
                // the field app's answers (not the API's documentation, which names these fields)
                if (path.matches("/api/(photos|field|admin|reviews).*") && (r.body().contains("Exif\u0000")
                        || r.body().contains("household_code") || r.body().contains("head_name"))) {
                    leaks.add(path + (c == planner ? " (planner)" : " (public)") + " holds EXIF or a household field");
                }
            }
        }
        assertThat(leaks).isEmpty();
        assertThat(answered).as("the walk reached real answers").isGreaterThan(100);
        assertThat(planner.get("/api/photos/" + photoId + "/stamped").statusCode()).as("the stamped photo").isEqualTo(200);
        assertThat(planner.get("/api/photos?record=visit&id=" + visitId).body()).as("the planner's photo list")
                .contains(photoId);
    }

    @Test
    void the_watch_summary_gives_the_public_and_planners_no_figure_under_five() {
        ApiClient planner = server.client();
        assertThat(planner.signIn("privacy-planner", "privacy-password-1").statusCode()).isEqualTo(200);
        int published = 0;
        for (String path : watchSummaries()) {
            for (ApiClient c : List.of(server.client(), planner)) {
                HttpResponse<String> r = c.get(path);
                assertThat(r.statusCode()).as(path).isEqualTo(200);
                assertThat(r.body()).as(path).doesNotContain("household_code").doesNotContain("cadre")
                        .doesNotContain("\"alerts\"");
                for (com.fasterxml.jackson.databind.JsonNode v : ApiClient.json(r).findValues("value")) {
                    assertThat(v.isNull() || v.asLong() >= 5).as(path + ": " + v).isTrue();
                    published += v.isNull() ? 0 : 1;
                }
            }
        }
        assertThat(published).as("some figures are published").isGreaterThan(10);
    }

    @Test
    void the_household_layers_do_not_exist_for_the_public_or_planners() {
        ApiClient planner = server.client();
        assertThat(planner.signIn("privacy-planner", "privacy-password-1").statusCode()).isEqualTo(200);
        for (ApiClient c : List.of(server.client(), planner)) {
            for (String layer : List.of("households", "visits", "work_logs")) {
                assertThat(c.get("/ogc/collections/" + layer).statusCode()).as(layer).isEqualTo(404);
                assertThat(c.get("/ogc/collections/" + layer + "/items").statusCode()).as(layer).isEqualTo(404);
                assertThat(c.get("/api/catalog").body()).doesNotContain("\"id\":\"" + layer + "\"");
            }
            assertThat(c.get("/ogc/collections/households/items/" + householdIds.get(0)).statusCode()).isEqualTo(404);
        }
        assertThat(planner.get("/api/export?layer=households&format=geojson").statusCode()).isIn(400, 404);
        HttpResponse<String> within = planner.send("POST", "/api/analysis/within", """
                {"geometry":{"type":"Point","coordinates":[106.05,29.84]},"distance":5000,"layers":["households","visits"]}""",
                Map.of("X-CSRF-Token", planner.csrf()));
        assertThat(within.statusCode()).isLessThan(500);
        assertThat(leakIn(within.body())).as("/api/analysis/within as a planner").isEmpty();
    }

    /** Every GET route the public or a planner reaches, with each value its parameters take. */
    private Set<String> paths() {
        List<String> layers = server.catalog.layerIds();
        List<String> towns = List.of("500151112000", "500151003000", "500151123000");
        List<String> villages = List.of("500151112206", "500151003001");
        List<String> features = new ArrayList<>(List.of("village-500151112206", "project-001"));
        features.addAll(householdIds.subList(0, 3));
        features.addAll(recordIds.subList(0, 3));
        Set<String> out = new LinkedHashSet<>();
        for (Routes.Route route : server.routes().all()) {
            if (!route.method().name().equals("GET") || !CurrentUser.reaches(Role.PLANNER, route.role())) {
                continue;
            }
            String p = route.path();
            if (p.contains("{collectionId}")) {
                for (String layer : layers) {
                    String q = p.replace("{collectionId}", layer);
                    if (q.contains("{featureId}")) {
                        features.forEach(f -> out.add(q.replace("{featureId}", f)));
                    } else {
                        out.add(q);
                        out.add(q + (q.endsWith("/items") ? "?limit=10000" : "?f=json"));
                    }
                }
            } else if (p.contains("{code}")) {
                (p.contains("villages") ? villages : towns).forEach(code -> out.add(p.replace("{code}", code)));
            } else if (p.contains("{id}")) {
                out.add(p.replace("{id}", "project-001"));
            } else if (p.equals("/api/export")) {
                for (String layer : layers) {
                    EXPORT_FORMATS.forEach(f -> out.add("/api/export?layer=" + layer + "&format=" + f));
                }
            } else {
                out.add(p);
            }
        }
        for (String year : List.of("2019", "2020")) {
            out.add("/api/dashboard?year=" + year);
        }
        out.add("/api/reviews?status=open");
        out.add("/api/reviews?status=resolved");
        out.add("/api/reviews");
        out.add("/api/reviews/by-village");
        out.add("/api/field/logs");
        out.add("/api/field/logs?limit=200");
        out.add("/api/field/updates");
        out.add("/api/admin/assignments");
        out.add("/api/field/photos/" + photoId);
        out.add("/api/photos?record=visit&id=" + visitId);
        out.add("/api/photos?record=log&id=" + logId);
        for (String q : List.of("", "?size=thumb", "?size=full", "/stamped")) {
            out.add("/api/photos/" + photoId + q);
        }
        out.addAll(watchSummaries());
        return out;
    }

    /** The relapse watch's summary for the district, towns and villages, today and on the demo's day. */
    private static List<String> watchSummaries() {
        List<String> out = new ArrayList<>();
        for (String scope : List.of("district", "500151112", "500151112000", "500151003000", "500151112206",
                "500151003001")) {
            for (String asOf : List.of("", "&asOf=2020-10-31", "&asOf=2020-03-15")) {
                out.add("/api/watch/summary?scope=" + scope + asOf);
            }
        }
        return out;
    }

    /**
     * The first household secret in an answer: every token shaped like one (a 16-digit code, a cadre's or
     * record's id, a quoted three-character name) looked up in the set, so a megabyte answer is one pass.
     */
    private java.util.Optional<String> leakIn(String body) {
        java.util.regex.Matcher m = TOKEN.matcher(body);
        while (m.find()) {
            if (secrets.contains(m.group())) {
                return java.util.Optional.of(m.group());
            }
        }
        return java.util.Optional.empty();
    }

    /** The answer less every household-shaped token of the request (a 404 names what was asked for). */
    private static String withoutAsked(String body, String path) {
        java.util.regex.Matcher m = TOKEN.matcher(path);
        String out = body;
        while (m.find()) {
            out = out.replace(m.group(), "");
        }
        return out;
    }

    private static final java.util.regex.Pattern TOKEN = java.util.regex.Pattern.compile(
            "(?<![0-9])[0-9]{16}(?![0-9])|gb[0-9]{16}|hh-[0-9]{16}|visit-[0-9]{6}|log-[0-9]{5}|\"[\\p{IsHan}]{3}\"");

    @Test
    void the_scan_finds_a_secret_when_one_is_there() {
        String code = householdIds.get(0).substring(3);
        assertThat(leakIn("{\"a\":\"" + code + "\"}")).contains(code);
        assertThat(leakIn("{\"a\":\"village-500151112206\",\"n\":12345678901234567}")).isEmpty();
        assertThat(secrets.stream().filter(s -> s.startsWith("\"")).findFirst().flatMap(this::leakIn)).isPresent();
    }
}
