package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.HostileGeoPackages;
import org.xiangtu.testing.RawHttp;
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
        HttpResponse<String> items = c.get("/ogc/collections/" + id + "/items");
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
        assertThat(server().client().get("/ogc/collections/" + id + "/items").statusCode()).isEqualTo(404);
        assertThat(ApiClient.json(leader.get("/ogc/collections/" + id + "/items")).get("numberMatched").asInt())
                .isEqualTo(3);
        // audited
        ApiClient admin = server().client();
        admin.signIn("admin", "admin-password-1");
        assertThat(ApiClient.json(admin.get("/api/audit?action=import")).get("entries").findValuesAsText("target"))
                .contains(id);
    }

    /**
     * Issue 18, item 4: a CSV without coordinates (a bureau's list of townships and their figures, codes as
     * numbers) joined to the towns by code takes each town's boundary; an unknown code is kept without a
     * geometry and listed; a layer that cannot be joined, a missing code column or no match at all is a 400
     * naming the option; the message about missing coordinates names the options the API takes.
     */
    @Test
    void a_csv_without_coordinates_joins_to_the_towns_by_code() throws IOException {
        ApiClient c = planner();
        JsonNode towns = ApiClient.json(c.get("/ogc/collections/towns/items?limit=3")).get("features");
        StringBuilder csv = new StringBuilder("乡镇,代码,合作社数\n");
        for (JsonNode t : towns) {
            csv.append(t.at("/properties/name").asText()).append(',').append(t.at("/properties/code").asText())
                    .append(",7\n");
        }
        csv.append("不存在镇,500151999000,1\n");
        byte[] bytes = csv.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> r = c.upload("/api/uploads", "coops.csv", bytes, Map.of("join", "towns"));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode layer = ApiClient.json(r);
        assertThat(layer.at("/report/warnings").toString()).contains("3 of 4 rows joined to towns by '代码'")
                .contains("500151999000");
        JsonNode items = ApiClient.json(c.get("/ogc/collections/" + layer.get("id").asText() + "/items"));
        assertThat(items.get("numberMatched").asInt()).isEqualTo(4);
        JsonNode first = items.get("features").get(0);
        assertThat(first.at("/geometry/type").asText()).contains("Polygon");
        assertThat(first.at("/properties/乡镇").asText()).isEqualTo(towns.get(0).at("/properties/name").asText());
        // refused, naming the option
        assertThat(refused(c.upload("/api/uploads", "coops.csv", bytes, Map.of("join", "households")))).isEqualTo("join");
        assertThat(refused(c.upload("/api/uploads", "coops.csv", bytes, Map.of("join", "towns", "join_column", "编号"))))
                .isEqualTo("join_column");
        byte[] noCode = "乡镇,数\n巴川,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused(c.upload("/api/uploads", "coops.csv", noCode, Map.of("join", "towns")))).isEqualTo("join_column");
        byte[] noMatch = "代码,数\n1,1\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(refused(c.upload("/api/uploads", "coops.csv", noMatch, Map.of("join", "towns")))).isEqualTo("join_column");
        assertThat(refused(c.upload("/api/uploads", "villages_gbk_4544.zip", fixture("villages_gbk_4544.zip"),
                Map.of("join", "towns")))).isEqualTo("join");
        HttpResponse<String> noCoordinates = c.upload("/api/uploads", "coops.csv", bytes, Map.of());
        assertThat(refused(noCoordinates)).isEqualTo("lon");
        assertThat(ApiClient.json(noCoordinates).get("detail").asText()).contains("option 'lon'").contains("'join'")
                .doesNotContain("lonColumn");
    }

    /**
     * Issue 18, item 3, on each store: a Shapefile with Chinese column names and 12-digit codes in a
     * floating-point dBASE field (made with ogr2ogr) keeps its names as the layer's columns and the OGC API's
     * properties, its codes integers.
     */
    @Test
    void chinese_column_names_and_float_codes_are_kept_by_the_store() throws IOException {
        ApiClient c = planner();
        HttpResponse<String> r = c.upload("/api/uploads", "villages_cn_columns.zip", fixture("villages_cn_columns.zip"),
                Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode layer = ApiClient.json(r);
        assertThat(layer.get("fields").findValuesAsText("name")).contains("村名", "村代码", "户数");
        assertThat(layer.at("/report/warnings").toString()).contains("村代码").contains("whole numbers");
        JsonNode props = ApiClient.json(c.get("/ogc/collections/" + layer.get("id").asText() + "/items"))
                .at("/features/1/properties");
        assertThat(props.get("村名").asText()).isEqualTo("合成村二");
        assertThat(props.get("村代码").isIntegralNumber()).as(props.toString()).isTrue();
        assertThat(props.get("村代码").asLong()).isEqualTo(500151103203L);
    }

    /** The field a refused upload's problem names (after checking it is a 400 problem). */
    private static String refused(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode p = ApiClient.json(r);
        return p.has("field") ? p.get("field").asText() : p.path("parameter").asText();
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
    void the_old_items_path_redirects_to_the_ogc_items_of_the_layer() throws IOException {
        ApiClient c = planner();
        String id = ApiClient.json(c.upload("/api/uploads", "villages.geojson", fixture("villages.geojson"), Map.of()))
                .get("id").asText();
        HttpResponse<String> old = c.get("/api/planner-layers/" + id + "/items?bbox=105,29,107,31&offset=1");
        assertThat(old.statusCode()).isEqualTo(308);
        assertThat(old.headers().firstValue("Location").orElseThrow())
                .isEqualTo("/ogc/collections/" + id + "/items?bbox=105,29,107,31&offset=1&limit=1000");
        assertThat(c.get("/api/planner-layers/" + id + "/items?limit=5").headers().firstValue("Location").orElseThrow())
                .isEqualTo("/ogc/collections/" + id + "/items?limit=5");
        JsonNode page = ApiClient.json(c.get(old.headers().firstValue("Location").orElseThrow()));
        assertThat(page.get("numberMatched").asInt()).isEqualTo(3);
        assertThat(page.get("features").size()).isEqualTo(2);
        c.send("DELETE", "/api/planner-layers/" + id, null, Map.of());
    }

    @Test
    void a_bbox_on_a_planner_layer_keeps_shapes_that_meet_it_not_bounding_boxes() {
        ApiClient c = planner();
        // an L whose envelope holds the box but whose arms miss it, and a point inside the box
        byte[] geojson = ("{\"type\":\"FeatureCollection\",\"features\":["
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"L\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[106.00,29.80],[106.10,29.80],[106.10,29.82],[106.02,29.82],[106.02,29.90],"
                + "[106.00,29.90],[106.00,29.80]]]}},"
                + "{\"type\":\"Feature\",\"properties\":{\"name\":\"inside\"},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[106.06,29.86],[106.07,29.86],[106.07,29.87],[106.06,29.87],[106.06,29.86]]]}}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> up = c.upload("/api/uploads", "l.geojson", geojson, Map.of());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = ApiClient.json(up).get("id").asText();
        JsonNode page = ApiClient.json(c.get("/ogc/collections/" + id + "/items?bbox=106.05,29.85,106.08,29.88"));
        assertThat(page.get("numberMatched").asInt()).isEqualTo(1);
        assertThat(page.get("features").findValuesAsText("name")).containsExactly("inside");
        // exports answer the same way, and a planner layer is not filtered by field values
        HttpResponse<String> export = c.get("/api/export?layer=" + id + "&format=geojson&bbox=106.05,29.85,106.08,29.88");
        assertThat(export.statusCode()).as(export.body()).isEqualTo(200);
        assertThat(ApiClient.json(export).get("features").findValuesAsText("name")).containsExactly("inside");
        assertThat(export.headers().firstValue("Content-Disposition").orElse("")).contains(id.replace('-', '_'));
        HttpResponse<String> filtered = c.get("/api/export?layer=" + id + "&format=geojson&name=L");
        assertThat(filtered.statusCode()).as(filtered.body()).isEqualTo(400);
        assertThat(ApiClient.json(filtered).get("parameter").asText()).isEqualTo("name");
        c.send("DELETE", "/api/planner-layers/" + id, null, Map.of());
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

    @Test
    void a_tiny_geopackage_that_describes_endless_work_is_refused_within_seconds() throws IOException {
        ApiClient c = planner();
        int before = ApiClient.json(c.get("/api/planner-layers")).get("layers").size();
        Path dir = Files.createTempDirectory("xiangtu-hostile");
        Map<String, Path> files = new java.util.LinkedHashMap<>();
        files.put("printf.gpkg", HostileGeoPackages.write(dir, "printf.gpkg", HostileGeoPackages.PRINTF_VIEW));
        files.put("endless.gpkg", HostileGeoPackages.write(dir, "endless.gpkg", HostileGeoPackages.ENDLESS_VIEW));
        files.put("contents.gpkg", HostileGeoPackages.write(dir, "contents.gpkg", HostileGeoPackages.BASE_TABLE, true));
        for (var e : files.entrySet()) {
            long start = System.nanoTime();
            HttpResponse<String> r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> c.upload("/api/uploads", e.getKey(), Files.readAllBytes(e.getValue()), Map.of()));
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo("file");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as(e.getKey()).isLessThan(Duration.ofSeconds(5));
        }
        HttpResponse<String> generated = c.upload("/api/uploads", "generated.gpkg", Files.readAllBytes(
                HostileGeoPackages.write(dir, "generated.gpkg", HostileGeoPackages.GENERATED_COLUMN)), Map.of());
        assertThat(generated.statusCode()).as(generated.body()).isEqualTo(201);
        assertThat(ApiClient.json(generated).get("fields").size()).isZero();
        c.send("DELETE", "/api/planner-layers/" + ApiClient.json(generated).get("id").asText(), null, Map.of());
        assertThat(ApiClient.json(c.get("/api/planner-layers")).get("layers").size()).isEqualTo(before);
    }

    @Test
    void a_beijing_1954_shapefile_is_imported_without_a_datum_shift_unless_towgs84_is_given() throws IOException {
        ApiClient c = planner();
        byte[] zip = fixture("bj54_gk_cm105e.zip");
        HttpResponse<String> none = c.upload("/api/uploads", "bj54_gk_cm105e.zip", zip, Map.of());
        assertThat(none.statusCode()).as(none.body()).isEqualTo(201);
        JsonNode report = ApiClient.json(none).get("report");
        assertThat(report.get("sourceCrs").asText()).isEqualTo("Beijing_1954_3_Degree_GK_CM_105E");
        assertThat(report.get("datumShift").asText()).isEqualTo("none");
        assertThat(report.get("warnings").toString()).contains("without a datum shift").contains("tens of metres");
        // made with ogr2ogr from lon/lat whose first corner is 106.04 E 29.84 N; no shift gives it back
        String id = ApiClient.json(none).get("id").asText();
        JsonNode corner = ApiClient.json(c.get("/ogc/collections/" + id + "/items")).at("/features/0/geometry/coordinates/0/0/0");
        assertThat(corner.get(0).asDouble()).isCloseTo(106.04, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(corner.get(1).asDouble()).isCloseTo(29.84, org.assertj.core.data.Offset.offset(1e-6));

        HttpResponse<String> shifted = c.upload("/api/uploads", "bj54_gk_cm105e.zip", zip,
                Map.of("towgs84", "15.8,-154.4,-82.3"));
        assertThat(shifted.statusCode()).as(shifted.body()).isEqualTo(201);
        assertThat(ApiClient.json(shifted).at("/report/datumShift").asText()).isEqualTo("towgs84=15.8,-154.4,-82.3");
        String shiftedId = ApiClient.json(shifted).get("id").asText();
        JsonNode moved = ApiClient.json(c.get("/ogc/collections/" + shiftedId + "/items"))
                .at("/features/0/geometry/coordinates/0/0/0");
        assertThat(moved.get(0).asDouble()).as("28 m east with EPSG's Beijing 1954 parameters")
                .isCloseTo(106.040284, org.assertj.core.data.Offset.offset(1e-5));

        String wkt = "PROJCS[\"Beijing_1954_3_Degree_GK_CM_105E\",\n  GEOGCS[\"GCS_Beijing_1954\",DATUM[\"D_Beijing_1954\","
                + "SPHEROID[\"Krasovsky_1940\",6378245.0,298.3]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\","
                + "0.0174532925199433]],\n  PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",500000.0],"
                + "PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],"
                + "PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";
        HttpResponse<String> byWkt = c.upload("/api/uploads", "bj54_gk_cm105e.zip", zip, Map.of("crs", wkt));
        assertThat(byWkt.statusCode()).as(byWkt.body()).isEqualTo(201);
        assertThat(ApiClient.json(byWkt).at("/report/sourceCrs").asText()).isEqualTo("Beijing_1954_3_Degree_GK_CM_105E");
        for (String layer : List.of(id, shiftedId, ApiClient.json(byWkt).get("id").asText())) {
            c.send("DELETE", "/api/planner-layers/" + layer, null, Map.of());
        }
    }

    @Test
    void a_crs_or_towgs84_the_reader_cannot_use_is_a_400_problem_naming_it() throws IOException {
        ApiClient c = planner();
        byte[] zip = fixture("bj54_gk_cm105e.zip");
        int before = ApiClient.json(c.get("/api/planner-layers")).get("layers").size();
        Map<Map<String, String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(Map.of("crs", "EPSG:99999"), "crs");
        cases.put(Map.of("crs", "ESRI:999999"), "crs");
        cases.put(Map.of("crs", "PROJCS[\"broken\","), "crs");
        cases.put(Map.of("crs", "PROJCS[\"m\",GEOGCS[\"g\",DATUM[\"d\",SPHEROID[\"s\",6378245.0,298.3]]],"
                + "PROJECTION[\"Mercator\"],UNIT[\"Meter\",1.0]]"), "crs");
        cases.put(Map.of("crs", "x".repeat(8001)), "crs");
        cases.put(Map.of("towgs84", "1,2"), "towgs84");
        cases.put(Map.of("towgs84", "one,two,three"), "towgs84");
        for (var e : cases.entrySet()) {
            HttpResponse<String> r = c.upload("/api/uploads", "bj54_gk_cm105e.zip", zip, e.getKey());
            String what = e.getKey().toString().substring(0, Math.min(60, e.getKey().toString().length()));
            assertThat(r.statusCode()).as(what + ": " + r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(ApiClient.json(r).get("parameter").asText()).as(what).isEqualTo(e.getValue());
        }
        assertThat(ApiClient.json(c.get("/api/planner-layers")).get("layers").size()).isEqualTo(before);
    }

    @Test
    void the_report_names_each_repaired_geometry() throws IOException {
        ApiClient c = planner();
        HttpResponse<String> r = c.upload("/api/uploads", "bowtie_shp.zip", fixture("bowtie_shp.zip"), Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode report = ApiClient.json(r).get("report");
        assertThat(report.get("repaired").asInt()).isEqualTo(1);
        assertThat(report.get("repairsNotListed").asInt()).isZero();
        JsonNode repair = report.get("repairs").get(0);
        assertThat(repair.get("index").asInt()).isZero();
        assertThat(repair.get("id").asText()).isEqualTo("0");
        assertThat(repair.get("before").asText()).isEqualTo("Self-intersection at (106.05 29.85)");
        assertThat(repair.get("after").asText()).isEqualTo("valid");
        // the report is kept with the layer
        String id = ApiClient.json(r).get("id").asText();
        assertThat(ApiClient.json(c.get("/api/planner-layers/" + id)).at("/report/repairs/0/before").asText())
                .startsWith("Self-intersection");
        c.send("DELETE", "/api/planner-layers/" + id, null, Map.of());
    }

    @Test
    void nul_and_control_characters_in_form_fields_and_the_file_name_are_400_naming_them() throws IOException {
        ApiClient c = planner();
        byte[] villages = fixture("villages.geojson");
        for (var e : Map.of("title", "村\u0000界", "crs", "EPSG:\u00004544", "lon", "x\u0000").entrySet()) {
            HttpResponse<String> r = c.upload("/api/uploads", "villages.geojson", villages, Map.of(e.getKey(), e.getValue()));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(ApiClient.json(r).get("parameter").asText()).isEqualTo(e.getKey());
        }
        HttpResponse<String> bell = c.upload("/api/uploads", "villages.geojson", villages, Map.of("title", "村\u0007界"));
        assertThat(bell.statusCode()).as(bell.body()).isEqualTo(400);
        assertThat(ApiClient.json(bell).get("parameter").asText()).isEqualTo("title");
        HttpResponse<String> file = c.upload("/api/uploads", "vil\u0000lages.geojson", villages, Map.of());
        assertThat(file.statusCode()).as(file.body()).isEqualTo(400); // Jetty's multipart parser refuses it
        assertThat(ApiClient.json(file).has("parameter")).isTrue();
    }

    @Test
    void nul_characters_inside_the_file_are_removed_and_reported() throws IOException {
        ApiClient c = planner();
        byte[] geojson = ("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"na\\u0000me\":\"a\\u0000b\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[106,29.8]}}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> r = c.upload("/api/uploads", "nul.geojson", geojson, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode layer = ApiClient.json(r);
        assertThat(layer.at("/fields/0/title").asText()).isEqualTo("name");
        assertThat(layer.at("/report/warnings").toString()).contains("NUL");
        JsonNode items = ApiClient.json(c.get("/ogc/collections/" + layer.get("id").asText() + "/items"));
        assertThat(items.at("/features/0/properties/name").asText()).isEqualTo("ab");
        c.send("DELETE", "/api/planner-layers/" + layer.get("id").asText(), null, Map.of());
    }

    @Test
    void malformed_multipart_bodies_are_400() {
        ApiClient c = planner();
        String part = "Content-Disposition: form-data; name=\"file\"; filename=\"a.geojson\"\r\n\r\n{}\r\n";
        Map<String, String[]> cases = new java.util.LinkedHashMap<>();
        cases.put("no boundary", new String[] {"multipart/form-data", "--b\r\n" + part + "--b--\r\n"});
        cases.put("unterminated", new String[] {"multipart/form-data; boundary=b", "--b\r\n" + part});
        cases.put("cut in a part", new String[] {"multipart/form-data; boundary=b", "--b\r\nContent-Disposition: form"});
        cases.put("a part without a name", new String[] {"multipart/form-data; boundary=b",
                "--b\r\nContent-Disposition: form-data; filename=\"a.geojson\"\r\n\r\n{}\r\n--b--\r\n"});
        cases.put("not multipart at all", new String[] {"multipart/form-data; boundary=b", "hello"});
        for (var e : cases.entrySet()) {
            byte[] body = e.getValue()[1].getBytes(StandardCharsets.UTF_8);
            RawHttp.Answer a = RawHttp.send(server().app.port(), "POST /api/uploads HTTP/1.1\r\nContent-Type: "
                    + e.getValue()[0] + "\r\nContent-Length: " + body.length + "\r\nCookie: " + c.cookieHeader()
                    + "\r\nX-CSRF-Token: " + c.csrf(), body);
            assertThat(a.status()).as(e.getKey() + ": " + a.body()).isEqualTo(400);
            assertThat(a.header("Content-Type")).as(e.getKey()).startsWith("application/problem+json");
            assertThat(a.body()).as(e.getKey()).doesNotContain("Exception").doesNotContain("org.")
                    .contains("\"parameter\"");
        }
    }
}
