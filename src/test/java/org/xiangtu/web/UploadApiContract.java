package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.TestServer;

/**
 * Planners' imports over HTTP, the same on both stores: a GBK Shapefile in Gauss–Krüger lands in the
 * right place, bad files change nothing, publishing lists a layer in the OGC API. Subclasses give a
 * server set up with {@link #addUsers}.
 */
public abstract class UploadApiContract {
    protected abstract TestServer server();

    static void addUsers(TestServer server) {
        server.addUser("guihua", Role.PLANNER, "planner-password-1");
        server.addUser("lingdao", Role.LEADER, "leader-password-1");
        server.addUser("admin", Role.ADMIN, "admin-password-1");
        server.addUser("guihua2", Role.PLANNER, "planner-password-2");
    }

    static byte[] fixture(String name) throws IOException {
        return Files.readAllBytes(Path.of("src/test/resources/uploads", name));
    }

    ApiClient planner() {
        ApiClient c = server().client();
        assertThat(c.signIn("guihua", "planner-password-1").statusCode()).isEqualTo(200);
        return c;
    }

    @Test
    void a_gbk_shapefile_in_gauss_krueger_becomes_a_layer_in_the_right_place_with_readable_chinese() throws IOException {
        ApiClient c = planner();
        HttpResponse<String> r = c.upload("/api/uploads", "villages_gbk_4544.zip", fixture("villages_gbk_4544.zip"),
                Map.of("title", "测绘村界"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode layer = ApiClient.json(r);
        String id = layer.get("id").asText();
        assertThat(r.headers().firstValue("Location").orElseThrow()).isEqualTo("/api/planner-layers/" + id);
        assertThat(layer.get("title").asText()).isEqualTo("测绘村界");
        assertThat(layer.get("published").asBoolean()).isFalse();
        assertThat(layer.at("/report/sourceCrs").asText()).isEqualTo("EPSG:4544");
        assertThat(layer.at("/report/encoding").asText()).isEqualTo("GBK");
        // Tongliang lies around 105.8–106.3 E, 29.6–30.1 N
        JsonNode extent = layer.get("extent");
        assertThat(extent.get(0).asDouble()).isBetween(105.7, 106.4);
        assertThat(extent.get(1).asDouble()).isBetween(29.5, 30.2);
        HttpResponse<String> items = c.get("/api/planner-layers/" + id + "/items");
        assertThat(items.headers().firstValue("Content-Type").orElse("")).startsWith("application/geo+json");
        JsonNode features = ApiClient.json(items).get("features");
        assertThat(features.size()).isEqualTo(3);
        String name = features.get(0).at("/properties/name").asText();
        assertThat(name).matches(".*\\p{IsHan}.*");
        // leaders see planner layers; the public does not
        ApiClient leader = server().client();
        leader.signIn("lingdao", "leader-password-1");
        assertThat(ApiClient.json(leader.get("/api/planner-layers")).get("layers").findValuesAsText("id")).contains(id);
        assertThat(server().client().get("/api/planner-layers").statusCode()).isEqualTo(401);
        assertThat(server().client().get("/api/planner-layers/" + id + "/items").statusCode()).isEqualTo(401);
        // audited
        ApiClient admin = server().client();
        admin.signIn("admin", "admin-password-1");
        assertThat(ApiClient.json(admin.get("/api/audit?action=import")).get("entries").findValuesAsText("target"))
                .contains(id);
    }

    @Test
    void malformed_uploads_get_a_clear_4xx_and_change_nothing() throws IOException {
        ApiClient c = planner();
        int before = ApiClient.json(c.get("/api/planner-layers")).get("layers").size();
        StringBuilder million = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\","
                + "\"properties\":{},\"geometry\":{\"type\":\"LineString\",\"coordinates\":[");
        for (int i = 0; i < 1_000_000; i++) {
            million.append(i == 0 ? "" : ",").append('[').append(106 + i * 1e-7).append(",29.8]");
        }
        million.append("]}}]}");
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("truncated.zip", fixture("truncated.zip"));
        files.put("wrong_prj.zip", fixture("wrong_prj.zip"));
        files.put("evil.zip", fixture("evil.zip"));
        files.put("empty.geojson", new byte[0]);
        files.put("million.geojson", million.toString().getBytes(StandardCharsets.UTF_8));
        files.put("notes.docx", "not a map".getBytes(StandardCharsets.UTF_8));
        Map<String, Integer> expected = Map.of("truncated.zip", 400, "wrong_prj.zip", 400, "evil.zip", 400,
                "empty.geojson", 400, "million.geojson", 413, "notes.docx", 415);
        for (var e : files.entrySet()) {
            HttpResponse<String> r = c.upload("/api/uploads", e.getKey(), e.getValue(), Map.of());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(expected.get(e.getKey()));
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(e.getKey())
                    .startsWith("application/problem+json");
            assertThat(ApiClient.json(r).has("parameter")).as(e.getKey()).isTrue();
        }
        assertThat(ApiClient.json(c.get("/api/planner-layers")).get("layers").size()).isEqualTo(before);
    }

    @Test
    void a_self_intersecting_polygon_is_repaired_and_counted() throws IOException {
        HttpResponse<String> r = planner().upload("/api/uploads", "bowtie.geojson", fixture("bowtie.geojson"), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(ApiClient.json(r).at("/report/repaired").asInt()).isEqualTo(1);
    }

    @Test
    void a_leader_cannot_import_and_an_upload_needs_the_csrf_token() throws IOException {
        ApiClient leader = server().client();
        leader.signIn("lingdao", "leader-password-1");
        assertThat(leader.upload("/api/uploads", "villages.geojson", fixture("villages.geojson"), Map.of()).statusCode())
                .isEqualTo(403);
        assertThat(server().client().upload("/api/uploads", "villages.geojson", fixture("villages.geojson"), Map.of())
                .statusCode()).isEqualTo(401);
    }

    @Test
    void publishing_and_deleting_a_layer() throws IOException {
        ApiClient c = planner();
        String id = ApiClient.json(c.upload("/api/uploads", "villages.geojson", fixture("villages.geojson"), Map.of()))
                .get("id").asText();
        assertThat(ApiClient.json(server().client().get("/ogc/collections")).get("collections").findValuesAsText("id"))
                .doesNotContain(id);
        HttpResponse<String> pub = c.send("PATCH", "/api/planner-layers/" + id, "{\"published\": true}", Map.of());
        assertThat(pub.statusCode()).as(pub.body()).isEqualTo(200);
        assertThat(ApiClient.json(pub).get("published").asBoolean()).isTrue();
        assertThat(c.send("PATCH", "/api/planner-layers/" + id, "{\"published\": 1}", Map.of()).statusCode())
                .isEqualTo(400);
        // published: listed in the OGC API for everybody, with its features
        ApiClient anyone = server().client();
        assertThat(ApiClient.json(anyone.get("/ogc/collections")).get("collections").findValuesAsText("id")).contains(id);
        JsonNode items = ApiClient.json(anyone.get("/ogc/collections/" + id + "/items"));
        assertThat(items.get("numberMatched").asInt()).isEqualTo(3);
        String fid = items.at("/features/0/id").asText();
        assertThat(anyone.get("/ogc/collections/" + id + "/items/" + fid).statusCode()).isEqualTo(200);
        c.send("PATCH", "/api/planner-layers/" + id, "{\"published\": false}", Map.of());
        assertThat(ApiClient.json(anyone.get("/ogc/collections")).get("collections").findValuesAsText("id"))
                .doesNotContain(id);
        assertThat(anyone.get("/ogc/collections/" + id + "/items").statusCode()).isEqualTo(404);
        assertThat(c.send("DELETE", "/api/planner-layers/" + id, null, Map.of()).statusCode()).isEqualTo(204);
        assertThat(c.get("/api/planner-layers/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void only_the_owner_or_an_administrator_publishes_or_deletes_a_layer() throws IOException {
        ApiClient owner = planner();
        String id = ApiClient.json(owner.upload("/api/uploads", "villages.geojson", fixture("villages.geojson"), Map.of()))
                .get("id").asText();
        ApiClient other = server().client();
        assertThat(other.signIn("guihua2", "planner-password-2").statusCode()).isEqualTo(200);
        HttpResponse<String> pub = other.send("PATCH", "/api/planner-layers/" + id, "{\"published\": true}", Map.of());
        assertThat(pub.statusCode()).as(pub.body()).isEqualTo(403);
        assertThat(ApiClient.json(pub).get("parameter").asText()).isEqualTo("id");
        assertThat(other.send("DELETE", "/api/planner-layers/" + id, null, Map.of()).statusCode()).isEqualTo(403);
        assertThat(ApiClient.json(owner.get("/api/planner-layers/" + id)).get("published").asBoolean()).isFalse();
        ApiClient admin = server().client();
        assertThat(admin.signIn("admin", "admin-password-1").statusCode()).isEqualTo(200);
        assertThat(admin.send("PATCH", "/api/planner-layers/" + id, "{\"published\": true}", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(admin.send("DELETE", "/api/planner-layers/" + id, null, Map.of()).statusCode()).isEqualTo(204);
    }
}
