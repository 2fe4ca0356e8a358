package org.xiangtu.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Role;
import org.xiangtu.testing.Requirements;
import org.xiangtu.testing.TestServer;

/**
 * GDAL's OGC API – Features client ({@code ogrinfo OAPIF:…}, GDAL 3.6 on Debian 12) against the real
 * server: a third-party client must see every collection, the right geometry types, every feature
 * (following the server's {@code next} links) and Chinese text intact.
 */
class GdalOapifIT {
    private static final JsonMapper JSON = new JsonMapper();
    /** One line of {@code ogrinfo -so} on a dataset: {@code 3: villages (title: 村（社区） / …) (Multi Polygon)}. */
    private static final Pattern LAYER_LINE = Pattern.compile("^\\d+: ([a-z][a-z0-9_]*) \\(title: .*\\)$");

    /** A layer line that ends with a geometry type after the title. */
    private static final String TYPED_LINE =
            ".*\\) \\((Point|Line String|Polygon|Multi Point|Multi Line String|Multi Polygon|Geometry Collection|None)\\)$";

    private static TestServer server;

    @BeforeAll
    static void startServer() {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        server = TestServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void gdal_lists_every_collection_of_the_catalogue_with_its_geometry_type() {
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-so", dataset());

        assertThat(r.exit()).as(r.describe()).isZero();
        assertNoErrors(r);
        Map<String, String> listed = new LinkedHashMap<>();
        for (String line : r.stdout().lines().toList()) {
            Matcher m = LAYER_LINE.matcher(line);
            if (m.matches()) {
                listed.put(m.group(1), line);
            }
        }
        assertThat(listed.keySet()).as(r.describe())
                .containsExactlyInAnyOrderElementsOf(server.catalog.forRole(Role.PUBLIC).layerIds());
        for (LayerDef layer : server.catalog.forRole(Role.PUBLIC).layers()) {
            String line = listed.get(layer.id());
            String gdalType = gdalGeometryType(layer.geometry());
            if (gdalType != null) {
                assertThat(line).as("GDAL's line for %s", layer.id()).endsWith(") (" + gdalType + ")");
            } else if (layer.geometry() == GeometryKind.NONE) {
                // the OAPIF driver cannot tell "no geometry" from the collection document: no type
                assertThat(line).as("GDAL's line for %s", layer.id()).doesNotMatch(TYPED_LINE);
            }
            // "Geometry" (mixed) layers: GDAL guesses a type from the first page of features; any is fine
        }
    }

    @Test
    void the_geometry_less_collection_is_listed_with_its_records_and_no_geometries() throws IOException {
        String id = "project_updates";
        assertThat(server.catalog.layer(id)).hasValueSatisfying(l -> assertThat(l.geometry()).isEqualTo(GeometryKind.NONE));
        long matched = numberMatched(id);

        Ogrinfo.Result summary = Ogrinfo.run("-ro", "-so", dataset(), id);
        Ogrinfo.Result features = Ogrinfo.run("-ro", "-al", dataset(), id);

        assertThat(summary.exit()).as(summary.describe()).isZero();
        assertNoErrors(summary);
        // GDAL's OAPIF driver always declares a geometry column; a table without geometry reads as
        // "Unknown (any)" with no extent, and its features carry no geometry.
        assertThat(summary.stdout()).contains("Geometry: Unknown (any)", "Feature Count: " + matched)
                .doesNotContain("Extent:");
        assertThat(features.exit()).as(features.describe()).isZero();
        assertNoErrors(features);
        assertThat(count(features.stdout(), "OGRFeature(" + id + "):")).isEqualTo(matched);
        assertThat(features.stdout()).doesNotContainPattern("(?m)^  (POINT|LINESTRING|POLYGON|MULTI\\w+|GEOMETRYCOLLECTION)");
    }

    @Test
    void gdal_reads_every_village_with_its_chinese_name() throws IOException {
        long matched = numberMatched("villages");

        Ogrinfo.Result r = Ogrinfo.run("-ro", "-al", dataset(), "villages");

        assertThat(r.exit()).as(r.describe()).isZero();
        assertNoErrors(r);
        assertThat(r.stdout()).contains("Geometry: Multi Polygon", "Feature Count: " + matched);
        assertThat(count(r.stdout(), "OGRFeature(villages):")).as(r.describe()).isEqualTo(matched);
        assertThat(r.stdout()).contains("  name (String) = 岩湾村");
        assertThat(count(r.stdout(), "  MULTIPOLYGON (((")).isEqualTo(matched);
    }

    @Test
    void gdal_follows_the_next_links_through_every_page() throws IOException {
        long matched = numberMatched("villages");
        assertThat(matched).as("enough villages for three pages of two").isGreaterThan(4);

        Ogrinfo.Result r = Ogrinfo.run("-ro", "-al", "-oo", "PAGE_SIZE=2", dataset(), "villages");

        assertThat(r.exit()).as(r.describe()).isZero();
        assertNoErrors(r);
        assertThat(count(r.stdout(), "OGRFeature(villages):")).as(r.describe()).isEqualTo(matched);
    }

    private static String dataset() {
        return "OAPIF:" + server.url("/ogc");
    }

    /** How ogrinfo names a geometry type; null where it prints none. */
    private static String gdalGeometryType(GeometryKind kind) {
        return switch (kind) {
            case POINT -> "Point";
            case MULTILINESTRING -> "Multi Line String";
            case MULTIPOLYGON -> "Multi Polygon";
            case GEOMETRY, NONE -> null;
        };
    }

    private static long numberMatched(String collection) throws IOException {
        var response = server.get("/ogc/collections/" + collection + "/items?limit=10000");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("numberMatched").isIntegralNumber()).as("numberMatched in " + collection).isTrue();
        return body.path("numberMatched").asLong();
    }

    private static long count(String text, String needle) {
        long n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    private static void assertNoErrors(Ogrinfo.Result r) {
        assertThat(r.stderr().lines().filter(l -> l.contains("ERROR") || l.startsWith("Warning")))
                .as("GDAL's complaints for %s", r.command()).isEmpty();
    }

}
