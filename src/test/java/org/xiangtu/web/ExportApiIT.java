package org.xiangtu.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.Role;
import org.xiangtu.interop.Ogrinfo;
import org.xiangtu.testing.ApiClient;
import org.xiangtu.testing.Requirements;
import org.xiangtu.testing.TestServer;

/** Exports over HTTP, opened by GDAL: a layer, a filter result and a drawn selection; audited; signed-in only. */
class ExportApiIT {
    static TestServer server;
    static ApiClient leader;

    @BeforeAll
    static void start() {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        server = TestServer.start();
        server.addUser("lingdao", Role.LEADER, "leader-password-1");
        server.addUser("admin", Role.ADMIN, "admin-password-1");
        server.addUser("guihua", Role.PLANNER, "planner-password-1");
        leader = server.client();
        assertThat(leader.signIn("lingdao", "leader-password-1").statusCode()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void a_filtered_layer_exports_to_a_geopackage_gdal_opens_with_leader_fields() throws Exception {
        HttpResponse<byte[]> r = bytes("/api/export?layer=villages&format=gpkg&town_code=500151112000");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("attachment").contains(".gpkg");
        Path file = Files.createTempFile(server.dir, "export", ".gpkg");
        Files.write(file, r.body());
        Ogrinfo.Result info = Ogrinfo.run("-ro", "-al", "-so", file.toString());
        assertThat(info.exit()).as(info.describe()).isZero();
        assertThat(info.stdout() + info.stderr()).doesNotContainIgnoringCase("warning");
        int expected = ApiClient.json(leader.get("/ogc/collections/villages/items?town_code=500151112000&limit=1000"))
                .get("numberReturned").asInt();
        assertThat(expected).isPositive();
        assertThat(info.stdout()).contains("Feature Count: " + expected).contains("poor_households");
    }

    @Test
    void a_drawn_selection_exports_what_lies_within_the_distance_as_csv_with_bom() throws Exception {
        String body = "{\"layer\":\"villages\",\"format\":\"csv\",\"distance\":0,"
                + "\"geometry\":{\"type\":\"Point\",\"coordinates\":" + centreOf("village-500151112206") + "}}";
        HttpResponse<String> r = leader.send("POST", "/api/export", body, Map.of());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.body()).startsWith("\uFEFF");
        assertThat(r.body().lines().count()).isEqualTo(2); // header and the one village under the point
        assertThat(r.body()).contains("village-500151112206");
        String wide = body.replace("\"distance\":0", "\"distance\":3000");
        assertThat(leader.send("POST", "/api/export", wide, Map.of()).body().lines().count()).isGreaterThan(2);
    }

    @Test
    void exports_are_audited_and_need_a_sign_in_and_good_parameters() {
        assertThat(server.client().get("/api/export?layer=villages&format=csv").statusCode()).isEqualTo(401);
        HttpResponse<String> badFormat = leader.get("/api/export?layer=villages&format=kml");
        assertThat(badFormat.statusCode()).isEqualTo(400);
        assertThat(ApiClient.json(badFormat).get("parameter").asText()).isEqualTo("format");
        assertThat(leader.get("/api/export?layer=nope&format=csv").statusCode()).isEqualTo(404);
        assertThat(leader.get("/api/export?layer=roads&format=geojson").statusCode()).isEqualTo(200);
        ApiClient admin = server.client();
        admin.signIn("admin", "admin-password-1");
        assertThat(ApiClient.json(admin.get("/api/audit?action=export")).get("entries").findValuesAsText("target"))
                .contains("roads");
    }

    /**
     * Issue 18, item 3: a county's Shapefile with Chinese column names and 12-digit codes in a floating-point
     * dBASE field (made with ogr2ogr: 村代码 N(24,15)) keeps its names in the layer, the OGC API, the GeoPackage
     * GDAL reads and the CSV header, and its codes come out as integers, never 5.00151103202E11.
     */
    @Test
    void chinese_column_names_and_float_codes_survive_upload_api_and_exports() throws Exception {
        ApiClient planner = server.client();
        assertThat(planner.signIn("guihua", "planner-password-1").statusCode()).isEqualTo(200);
        HttpResponse<String> up = planner.upload("/api/uploads", "villages_cn_columns.zip",
                Files.readAllBytes(Path.of("src/test/resources/uploads/villages_cn_columns.zip")), Map.of("title", "村界"));
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        String id = ApiClient.json(up).get("id").asText();
        var props = ApiClient.json(planner.get("/ogc/collections/" + id + "/items")).at("/features/0/properties");
        assertThat(props.get("村名").asText()).isEqualTo("合成村一");
        assertThat(props.get("村代码").isIntegralNumber()).as(props.toString()).isTrue();
        assertThat(props.get("村代码").asLong()).isEqualTo(500151103202L);
        assertThat(props.get("户数").asLong()).isEqualTo(120);

        HttpResponse<byte[]> gpkg = bytes("/api/export?layer=" + id + "&format=gpkg");
        assertThat(gpkg.statusCode()).as(new String(gpkg.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Path file = Files.createTempFile(server.dir, "cn", ".gpkg");
        Files.write(file, gpkg.body());
        Ogrinfo.Result info = Ogrinfo.run("-ro", "-al", file.toString());
        assertThat(info.exit()).as(info.describe()).isZero();
        assertThat(info.stdout()).contains("村名: String").contains("村代码: Integer64").contains("户数: Integer64")
                .contains("村代码 (Integer64) = 500151103202").contains("村名 (String) = 合成村二")
                .doesNotContain("E11").doesNotContain("E+11");

        // a zipped Shapefile: UTF-8 with its .cpg, names within the format's 10 bytes (村名, 村代码, 户数 fit)
        HttpResponse<byte[]> shp = bytes("/api/export?layer=" + id + "&format=shp");
        assertThat(shp.statusCode()).isEqualTo(200);
        assertThat(shp.headers().firstValue("Content-Disposition").orElse("")).contains(".zip");
        Path zip = Files.createTempFile(server.dir, "cn", ".zip");
        Files.write(zip, shp.body());
        Ogrinfo.Result shpInfo = Ogrinfo.run("-ro", "-al", "/vsizip/" + zip);
        assertThat(shpInfo.exit()).as(shpInfo.describe()).isZero();
        assertThat(shpInfo.stdout()).contains("Geometry: Polygon").contains("Feature Count: 2")
                .contains("村代码 (Integer64) = 500151103202").contains("村名 (String) = 合成村二")
                .contains("ID[\"EPSG\",4490]]").contains("POLYGON ((106.04 29.84");
        assertThat(shpInfo.stdout() + shpInfo.stderr()).doesNotContainIgnoringCase("warning");

        HttpResponse<String> csv = leader.get("/api/export?layer=" + id + "&format=csv");
        assertThat(csv.statusCode()).isEqualTo(200);
        assertThat(csv.body().lines().findFirst().orElseThrow()).contains("村名").contains("村代码");
        assertThat(csv.body()).contains("500151103202").doesNotContain("E11");
    }

    /** A point surely inside the village (JTS interior point), as a GeoJSON position. */
    private static String centreOf(String villageId) {
        var f = ApiClient.json(leader.get("/ogc/collections/villages/items/" + villageId));
        try {
            var g = new org.locationtech.jts.io.geojson.GeoJsonReader().read(f.get("geometry").toString());
            var p = g.getInteriorPoint();
            return "[" + p.getX() + "," + p.getY() + "]";
        } catch (org.locationtech.jts.io.ParseException e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpResponse<byte[]> bytes(String path) throws Exception {
        var http = java.net.http.HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
        // reuse the leader's session cookie by signing in on this client too
        var login = java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url("/api/session")))
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
                        "{\"name\":\"lingdao\",\"password\":\"leader-password-1\"}", StandardCharsets.UTF_8)).build();
        assertThat(http.send(login, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        return http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url(path))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
