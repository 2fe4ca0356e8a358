package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.algorithm.distance.DiscreteHausdorffDistance;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.testing.HostileGeoPackages;

class UploadReaderTest {
    private static final double TOLERANCE = 1e-6;

    /** The fixtures' features as {@code ogr2ogr -t_srs EPSG:4490 -lco COORDINATE_PRECISION=12} prints them. */
    private static final List<String> VILLAGES_4490 = List.of(
            "MULTIPOLYGON(((106.04 29.84, 106.06 29.84, 106.06 29.86, 106.04 29.86, 106.04 29.84),"
                    + "(106.045 29.845, 106.045 29.85, 106.05 29.85, 106.05 29.845, 106.045 29.845)))",
            "MULTIPOLYGON(((106.07 29.83, 106.08 29.83, 106.08 29.84, 106.07 29.83)),"
                    + "((106.09 29.83, 106.1 29.83, 106.1 29.84, 106.09 29.83)))",
            "MULTIPOLYGON(((106.02 29.87, 106.03 29.87, 106.03 29.88, 106.02 29.87)))");
    private static final List<String> ROADS_4490 = List.of(
            "MULTILINESTRING((106.03 29.84, 106.05 29.85, 106.07 29.86))",
            "MULTILINESTRING((106.01 29.8, 106.02 29.81),(106.03 29.82, 106.04 29.83, 106.05 29.83))");
    private static final List<String> VILLAGE_NAMES = List.of("巴川街道", "旧县镇", "少云镇·安居村");

    @TempDir
    Path tmp;

    @Test
    void gbk_shapefile_without_cpg_in_gauss_kruger_cm105_is_decoded_and_reprojected() {
        ParsedUpload up = read("villages_gbk_4544.zip");

        assertThat(up.report().format()).isEqualTo("shapefile");
        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4544");
        assertThat(up.report().encoding()).isEqualTo("GBK");
        assertThat(up.suggestedName()).isEqualTo("villages");
        assertVillages(up);
    }

    @Test
    void utf8_shapefile_with_cpg_in_a_subfolder_is_read() {
        ParsedUpload up = read("villages_utf8_4544.zip");

        assertThat(up.report().encoding()).isEqualTo("UTF-8");
        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4544");
        assertVillages(up);
    }

    @Test
    void shapefile_in_a_6_degree_zone_with_zone_prefix_is_reprojected() {
        ParsedUpload up = read("roads_6deg_4496.zip");

        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4496");
        assertThat(up.report().encoding()).as("no .cpg, valid UTF-8").isEqualTo("UTF-8");
        assertThat(up.geometryKind()).isEqualTo(GeometryKind.MULTILINESTRING);
        assertGeometries(up, ROADS_4490);
        assertThat(up.features()).extracting(f -> f.properties().get("name")).containsExactly("通南大道", "巴岳山路");
        assertThat(up.features()).extracting(f -> f.properties().get("lanes")).containsExactly(4L, 2L);
    }

    @Test
    void geojson_feature_collection_is_read_as_wgs84() {
        ParsedUpload up = read("villages.geojson");

        assertThat(up.report().format()).isEqualTo("geojson");
        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4326");
        assertVillages(up);
    }

    @Test
    void geojson_with_an_old_style_crs_member_is_reprojected_from_it() {
        ParsedUpload up = read("roads_4544_crs.geojson");

        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4544");
        assertGeometries(up, ROADS_4490);
        assertThat(up.suggestedName()).isEqualTo("roads_4490");
    }

    @Test
    void geopackage_first_feature_table_is_read_with_its_srs_and_a_warning_about_the_rest() {
        ParsedUpload up = read("villages.gpkg");

        assertThat(up.report().format()).isEqualTo("geopackage");
        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4523");
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("2 feature tables"));
        assertThat(up.suggestedName()).isEqualTo("villages");
        assertVillages(up);
    }

    @Test
    void csv_in_utf8_with_bom_gives_typed_points() {
        assertCsv(read("points_utf8_bom.csv"), "UTF-8");
    }

    @Test
    void csv_in_gbk_is_detected_and_decoded() {
        assertCsv(read("points_gbk.csv"), "GBK");
    }

    @Test
    void csv_with_named_metric_columns_and_a_crs_option_is_reprojected() throws IOException {
        Path csv = tmp.resolve("gk.csv");
        Files.writeString(csv, "编号,东,北\nA1,601465.494636886520311,3303948.507226289249957\n", StandardCharsets.UTF_8);

        ParsedUpload up = UploadReader.read("gk.csv", csv, new UploadOptions(false, "EPSG:4544", null, "东", "北"),
                UploadLimits.defaults());

        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4544");
        assertGeometries(up, List.of("POINT(106.05 29.85)"));
        assertThat(up.fields()).containsExactly(new UploadField("编号", FieldType.STRING));
    }

    @Test
    void gcj02_point_is_converted_when_asked() {
        ParsedUpload asIs = read("gcj02_point.geojson");
        ParsedUpload converted = UploadReader.read("gcj02_point.geojson", fixture("gcj02_point.geojson"),
                new UploadOptions(true, null, null, null, null), UploadLimits.defaults());

        assertThat(asIs.report().gcj02Converted()).isFalse();
        assertThat(asIs.features().get(0).geometry().getCoordinate().x).isCloseTo(106.0538919998786, within());
        assertThat(converted.report().gcj02Converted()).isTrue();
        assertGeometries(converted, List.of("POINT(106.05 29.85)"));
    }

    @Test
    void self_intersecting_bow_tie_is_repaired_and_counted() {
        ParsedUpload up = read("bowtie.geojson");

        Geometry g = up.features().get(0).geometry();
        assertThat(up.report().repaired()).isEqualTo(1);
        assertThat(up.report().dropped()).isZero();
        assertThat(g.isValid()).isTrue();
        assertThat(g.getGeometryType()).isEqualTo("MultiPolygon");
        assertThat(g.getNumGeometries()).isEqualTo(2);
        assertThat(g.getArea()).as("two triangles, each a quarter of the 0.02° square").isCloseTo(2e-4, within());
    }

    @Test
    void a_geopackage_repair_names_the_feature_by_its_primary_key() {
        // bowtie.gpkg: bowtie.geojson written by ogr2ogr (fid 1)
        UploadReport report = read("bowtie.gpkg").report();
        assertThat(report.repairs()).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.id()).isEqualTo("1");
            assertThat(r.before()).startsWith("Self-intersection at (");
        });
    }

    @Test
    void shapefile_without_prj_in_lon_lat_is_taken_as_cgcs2000_with_a_warning() {
        ParsedUpload up = read("no_prj_lonlat.zip");

        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4490");
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("EPSG:4490 was assumed"));
        assertGeometries(up, ROADS_4490);
    }

    @Test
    void an_unreadable_prj_can_be_overridden_by_the_crs_option() {
        ParsedUpload up = UploadReader.read("unknown_prj.zip", fixture("unknown_prj.zip"),
                new UploadOptions(false, "EPSG:4544", null, null, null), UploadLimits.defaults());

        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4544");
        assertVillages(up);
    }

    // ---- refusals: each a clear 4xx naming the field, and nothing written

    @Test
    void truncated_zip_is_400_file() {
        assertRefused("truncated.zip", 400, "file");
    }

    @Test
    void zip_entry_climbing_out_is_400_file_and_nothing_is_extracted() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Path zip = Files.copy(fixture("evil.zip"), dir.resolve("evil.zip"));

        assertRefused("evil.zip", zip, UploadLimits.defaults(), 400, "file");
        try (Stream<Path> files = Files.walk(tmp)) {
            assertThat(files.filter(Files::isRegularFile)).containsExactly(zip);
        }
    }

    @Test
    void backslash_and_absolute_entry_names_are_refused() {
        for (String name : List.of("..\\evil.shp", "/etc/evil.shp", "C:/evil.shp", "a/../../evil.shp")) {
            UploadException e = catchThrowableOfType(UploadException.class, () -> ShapefileZip.checkName(name));
            assertThat(e).as(name).isNotNull();
            assertThat(e.status()).isEqualTo(400);
        }
        ShapefileZip.checkName("村庄/villages.shp");
    }

    @Test
    void zip_bomb_is_413_counted_while_inflating() throws IOException {
        Path zip = tmp.resolve("bomb.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            out.putNextEntry(new ZipEntry("bomb.shp"));
            out.write(new byte[8 * 1024 * 1024]);
            out.closeEntry();
            out.putNextEntry(new ZipEntry("bomb.dbf"));
            out.write(new byte[8 * 1024 * 1024]);
            out.closeEntry();
        }
        assertThat(Files.size(zip)).isLessThan(100_000);

        assertRefused("bomb.zip", zip, new UploadLimits(1_000_000, 4_000_000, 10, 100, 1000), 413, "file");
    }

    @Test
    void zip_bomb_whose_headers_lie_about_sizes_is_still_413() throws IOException {
        Path zip = tmp.resolve("liar.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (String name : List.of("bomb.shp", "bomb.dbf")) {
                out.putNextEntry(new ZipEntry(name));
                out.write(new byte[8 * 1024 * 1024]);
                out.closeEntry();
            }
        }
        byte[] bytes = Files.readAllBytes(zip);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int patched = 0;
        for (int i = 0; i + 46 <= bytes.length; i++) {
            if (buf.getInt(i) == 0x02014b50) { // central directory header: claim 1000 bytes uncompressed
                buf.putInt(i + 24, 1000);
                patched++;
            }
        }
        Files.write(zip, bytes);
        assertThat(patched).isEqualTo(2);
        try (java.util.zip.ZipFile zf = new java.util.zip.ZipFile(zip.toFile())) {
            assertThat(zf.getEntry("bomb.shp").getSize()).isEqualTo(1000);
        }

        UploadException e = assertRefused("liar.zip", zip, new UploadLimits(1_000_000, 4_000_000, 10, 100, 1000),
                413, "file");
        assertThat(e.getMessage()).contains("unpacks to more than 4000000 bytes");
    }

    @Test
    void zip_with_too_many_entries_is_400() throws IOException {
        Path zip = tmp.resolve("many.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
            for (int i = 0; i < 60; i++) {
                out.putNextEntry(new ZipEntry("f" + i + ".txt"));
                out.closeEntry();
            }
        }
        assertRefused("many.zip", zip, UploadLimits.defaults(), 400, "file");
    }

    @Test
    void zip_with_two_shapefiles_is_400() {
        assertRefused("two_shapefiles.zip", 400, "file");
    }

    @Test
    void prj_saying_wgs84_over_metric_coordinates_is_400_crs() {
        UploadException e = assertRefused("wrong_prj.zip", 400, "crs");
        assertThat(e.getMessage()).contains("wrong .prj?");
    }

    @Test
    void prj_on_beijing_1954_once_refused_is_now_read_without_a_datum_shift() {
        ParsedUpload up = read("unknown_prj.zip");

        assertThat(up.report().sourceCrs()).isEqualTo("Beijing_1954_3_Degree_GK_CM_102E");
        assertThat(up.report().datumShift()).isEqualTo("none");
        assertThat(LayerFinisher.CHINA.covers(up.features().get(0).geometry().getEnvelopeInternal())).isTrue();
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("without a datum shift"));
    }

    @Test
    void shapefile_without_prj_in_metres_is_400_asking_for_crs() {
        assertRefused("no_prj_gk.zip", 400, "crs");
    }

    @Test
    void empty_file_is_400() {
        assertRefused("empty.geojson", 400, "file");
    }

    @Test
    void file_over_the_size_limit_is_413() {
        assertRefused("villages.geojson", fixture("villages.geojson"), new UploadLimits(100, 1000, 10, 100, 1000),
                413, "file");
    }

    @Test
    void too_many_features_is_413() {
        assertRefused("villages.geojson", fixture("villages.geojson"),
                new UploadLimits(1_000_000, 1_000_000, 10, 2, 1000), 413, "file");
        assertRefused("points_gbk.csv", fixture("points_gbk.csv"),
                new UploadLimits(1_000_000, 1_000_000, 10, 2, 1000), 413, "file");
        assertRefused("villages_gbk_4544.zip", fixture("villages_gbk_4544.zip"),
                new UploadLimits(1_000_000, 1_000_000, 10, 2, 1000), 413, "file");
    }

    @Test
    void one_million_vertex_line_is_413_before_it_is_built() throws IOException {
        Path file = tmp.resolve("long.geojson");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            out.write("{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":{},"
                    .getBytes(StandardCharsets.UTF_8));
            out.write("\"geometry\":{\"type\":\"LineString\",\"coordinates\":[".getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 1_000_000; i++) {
                String p = (i == 0 ? "" : ",") + "[" + (106.0 + i * 1e-7) + ",29.85]";
                out.write(p.getBytes(StandardCharsets.UTF_8));
            }
            out.write("]}}]}".getBytes(StandardCharsets.UTF_8));
        }
        UploadLimits limits = new UploadLimits(50L << 20, 200L << 20, 50, 100_000, 999_999);

        UploadException e = assertRefused("long.geojson", file, limits, 413, "file");
        assertThat(e.getMessage()).contains("999999 vertices");
    }

    @Test
    void unknown_extension_is_415_and_a_bare_shp_is_415() throws IOException {
        Path txt = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertRefused("notes.txt", txt, UploadLimits.defaults(), 415, "file");
        assertRefused("villages.shp", txt, UploadLimits.defaults(), 415, "file");
    }

    @Test
    void content_without_a_name_is_sniffed() {
        ParsedUpload up = UploadReader.read("upload", fixture("villages_gbk_4544.zip"), UploadOptions.defaults(),
                UploadLimits.defaults());
        assertThat(up.report().format()).isEqualTo("shapefile");
    }

    @Test
    void invalid_json_is_400_file() throws IOException {
        Path f = Files.writeString(tmp.resolve("bad.geojson"), "{\"type\":\"FeatureCollection\",\"features\":[{");
        assertRefused("bad.geojson", f, UploadLimits.defaults(), 400, "file");
    }

    @Test
    void csv_without_a_longitude_column_is_400_lon() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.csv"), "name,a,b\nx,1,2\n");
        assertRefused("p.csv", f, UploadLimits.defaults(), 400, "lon");
    }

    @Test
    void csv_with_a_latitude_that_is_not_a_number_is_400_lat() throws IOException {
        Path f = Files.writeString(tmp.resolve("p.csv"), "name,lon,lat\nx,106.05,北纬\n");
        UploadException e = assertRefused("p.csv", f, UploadLimits.defaults(), 400, "lat");
        assertThat(e.getMessage()).contains("row 2");
    }

    @Test
    void unknown_crs_option_is_400_crs() {
        UploadException e = catchThrowableOfType(UploadException.class, () -> UploadReader.read("villages.geojson",
                fixture("villages.geojson"), new UploadOptions(false, "EPSG:99999", null, null, null),
                UploadLimits.defaults()));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("crs");
    }

    @Test
    void column_names_keep_chinese_and_are_safe_identifiers() {
        assertThat(UploadReader.columnName("Area_Mu")).isEqualTo("area_mu");
        assertThat(UploadReader.columnName("2024 total (户)")).isEqualTo("f2024_total_户");
        assertThat(UploadReader.columnName("名称")).isEqualTo("名称");
        assertThat(UploadReader.columnName("面积（亩）")).isEqualTo("面积_亩");
        assertThat(UploadReader.columnName("（）")).isEqualTo("f");
        // 63 bytes of UTF-8 at most, never a character cut in half: 21 Chinese characters
        assertThat(UploadReader.columnName("村".repeat(30))).isEqualTo("村".repeat(21));
        assertThat(UploadReader.columnName("a" + "村".repeat(30)).getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .hasSizeLessThanOrEqualTo(63);
        assertThat(UploadReader.columnNames(List.of(new UploadField("名称", FieldType.STRING),
                new UploadField("code", FieldType.INTEGER), new UploadField("（）", FieldType.INTEGER),
                new UploadField("CODE", FieldType.STRING), new UploadField("名称 ", FieldType.STRING))))
                .containsExactly("名称", "code", "f3", "code_2", "名称_2");
    }

    // ---- helpers

    private static void assertVillages(ParsedUpload up) {
        assertThat(up.geometryKind()).isEqualTo(GeometryKind.MULTIPOLYGON);
        assertThat(up.report().features()).isEqualTo(3);
        assertThat(up.report().repaired()).isZero();
        assertThat(up.report().dropped()).isZero();
        assertGeometries(up, VILLAGES_4490);
        assertThat(up.fields()).containsExactly(new UploadField("name", FieldType.STRING),
                new UploadField("code", FieldType.INTEGER), new UploadField("area_mu", FieldType.NUMBER),
                new UploadField("built", FieldType.DATE));
        assertThat(up.features()).extracting(f -> f.properties().get("name")).containsExactlyElementsOf(VILLAGE_NAMES);
        Map<String, Object> first = up.features().get(0).properties();
        assertThat(first).containsEntry("code", 500151001L).containsEntry("area_mu", 1234.5)
                .containsEntry("built", "2021-06-30");
        assertThat(up.features().get(1).properties()).containsEntry("built", null);
    }

    private static void assertCsv(ParsedUpload up, String encoding) {
        assertThat(up.report().format()).isEqualTo("csv");
        assertThat(up.report().encoding()).isEqualTo(encoding);
        assertThat(up.report().sourceCrs()).isEqualTo("EPSG:4326");
        assertThat(up.geometryKind()).isEqualTo(GeometryKind.POINT);
        assertThat(up.fields()).containsExactly(new UploadField("名称", FieldType.STRING),
                new UploadField("户数", FieldType.INTEGER), new UploadField("面积", FieldType.NUMBER),
                new UploadField("通电", FieldType.BOOLEAN), new UploadField("调查日期", FieldType.DATE),
                new UploadField("备注", FieldType.STRING));
        assertGeometries(up, List.of("POINT(106.05 29.85)", "POINT(106.061 29.872)", "POINT(106.0725 29.8611)"));
        assertThat(up.features()).extracting(f -> f.properties().get("名称")).containsExactly("安居村", "西河村", "黄桷村");
        assertThat(up.features().get(0).properties()).containsEntry("户数", 120L).containsEntry("面积", 35.5)
                .containsEntry("通电", true).containsEntry("调查日期", "2024-03-01").containsEntry("备注", "古镇, 临江");
        assertThat(up.features().get(2).properties()).containsEntry("户数", null).containsEntry("备注", "多行\n备注");
    }

    private static void assertGeometries(ParsedUpload up, List<String> expectedWkt) {
        assertThat(up.features()).hasSameSizeAs(expectedWkt);
        WKTReader wkt = new WKTReader(Crs.LONLAT);
        for (int i = 0; i < expectedWkt.size(); i++) {
            Geometry actual = up.features().get(i).geometry();
            Geometry expected;
            try {
                expected = wkt.read(expectedWkt.get(i));
            } catch (ParseException e) {
                throw new IllegalArgumentException(e);
            }
            assertThat(actual.getSRID()).isEqualTo(4490);
            assertThat(actual.getFactory()).isSameAs(Crs.LONLAT);
            assertThat(actual.getGeometryType()).isEqualTo(expected.getGeometryType());
            assertThat(actual.getNumGeometries()).isEqualTo(expected.getNumGeometries());
            assertThat(actual.getNumPoints()).isEqualTo(expected.getNumPoints());
            assertThat(DiscreteHausdorffDistance.distance(actual, expected))
                    .as("feature %d: %s ≈ %s", i, actual, expected).isLessThan(TOLERANCE);
        }
    }

    @Test
    void a_geopackage_feature_table_that_is_a_view_is_refused_at_once() {
        for (String view : List.of(HostileGeoPackages.PRINTF_VIEW, HostileGeoPackages.ENDLESS_VIEW)) {
            Path gpkg = HostileGeoPackages.write(tmp, "view.gpkg", view);
            UploadException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                    () -> assertRefused("view.gpkg", gpkg, UploadLimits.defaults(), 400, "file"));
            assertThat(e.getMessage()).contains("'pts'").contains("view");
        }
    }

    @Test
    void a_geopackage_whose_metadata_is_an_endless_view_is_refused_at_once() {
        Path gpkg = HostileGeoPackages.write(tmp, "contents.gpkg", HostileGeoPackages.BASE_TABLE, true);
        UploadException e = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> assertRefused("contents.gpkg", gpkg, UploadLimits.defaults(), 400, "file"));
        assertThat(e.getMessage()).contains("gpkg_contents").contains("view");
    }

    @Test
    void a_generated_column_is_left_out_not_computed() {
        Path gpkg = HostileGeoPackages.write(tmp, "generated.gpkg", HostileGeoPackages.GENERATED_COLUMN);
        ParsedUpload up = assertTimeoutPreemptively(Duration.ofSeconds(5),
                () -> UploadReader.read("generated.gpkg", gpkg, UploadOptions.defaults(), UploadLimits.defaults()));
        assertThat(up.features()).hasSize(2);
        assertThat(up.fields()).isEmpty();
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("'name'") && w.contains("computed"));
    }

    @Test
    void the_bytes_of_geopackage_values_count_against_the_unzipped_limit() throws Exception {
        Path gpkg = HostileGeoPackages.write(tmp, "big.gpkg", "CREATE TABLE pts (fid INTEGER PRIMARY KEY, geom POINT,"
                + " name TEXT); INSERT INTO pts VALUES (1, " + HostileGeoPackages.POINT + ", '" + "x".repeat(300_000)
                + "'), (2, " + HostileGeoPackages.POINT + ", '" + "y".repeat(300_000) + "')");
        assertThat(UploadReader.read("big.gpkg", gpkg, UploadOptions.defaults(), UploadLimits.defaults()).features())
                .hasSize(2);
        UploadException e = assertRefused("big.gpkg", gpkg, new UploadLimits(10_000_000, 500_000, 10, 100, 1000),
                413, "file");
        assertThat(e.getMessage()).contains("500000 bytes");
    }

    @Test
    void a_budget_past_its_time_is_a_413_naming_the_limit() {
        Budget budget = new Budget(new UploadLimits(10_000_000, 10_000_000, 10, 100, 1000, 1));
        sleepPast(Duration.ofMillis(2));
        UploadException e = catchThrowableOfType(UploadException.class, budget::time);
        assertThat(e.status()).isEqualTo(413);
        assertThat(e.getMessage()).contains("0.001 s");
    }

    @Test
    void every_reader_stops_at_the_deadline() {
        UploadLimits instant = new UploadLimits(50L << 20, 200L << 20, 50, 100_000, 2_000_000, 1);
        for (String f : List.of("villages.geojson", "villages.gpkg", "villages_gbk_4544.zip", "points_gbk.csv")) {
            Budget budget = new Budget(instant);
            sleepPast(Duration.ofMillis(2));
            UploadException e = catchThrowableOfType(UploadException.class,
                    () -> UploadReader.read(f, fixture(f), UploadOptions.defaults(), instant, budget));
            assertThat(e).as(f).isNotNull();
            assertThat(e.status()).as(f).isEqualTo(413);
            assertThat(e.getMessage()).as(f).contains("longer than 0.001 s");
        }
    }

    @Test
    void nul_characters_in_file_texts_are_removed_and_counted() throws Exception {
        Path f = tmp.resolve("nul.geojson");
        Files.writeString(f, "{\"type\":\"FeatureCollection\",\"features\":[{\"type\":\"Feature\",\"properties\":"
                + "{\"na\\u0000me\\u0007\":\"a\\u0000b\",\"ok\":\"c\"},\"geometry\":{\"type\":\"Point\","
                + "\"coordinates\":[106,29.8]}}]}");
        ParsedUpload up = UploadReader.read("nul.geojson", f, UploadOptions.defaults(), UploadLimits.defaults());
        assertThat(up.fields()).extracting(UploadField::name).containsExactly("name", "ok");
        assertThat(up.features().get(0).properties()).containsEntry("name", "ab").containsEntry("ok", "c");
        assertThat(up.report().warnings()).anyMatch(w -> w.contains("1 text value held NUL"))
                .anyMatch(w -> w.contains("1 field name held control"));
    }

    private static void sleepPast(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private UploadException assertRefused(String fixture, int status, String field) {
        return assertRefused(fixture, fixture(fixture), UploadLimits.defaults(), status, field);
    }

    private static UploadException assertRefused(String name, Path file, UploadLimits limits, int status, String field) {
        UploadException e = catchThrowableOfType(UploadException.class,
                () -> UploadReader.read(name, file, UploadOptions.defaults(), limits));
        assertThat(e).as(name + " must be refused").isNotNull();
        assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
        assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
        assertThat(e.getMessage()).isNotBlank();
        return e;
    }

    private static ParsedUpload read(String fixture) {
        return UploadReader.read(fixture, fixture(fixture), UploadOptions.defaults(), UploadLimits.defaults());
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(TOLERANCE);
    }

    static Path fixture(String name) {
        try {
            return Path.of(UploadReaderTest.class.getResource("/uploads/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new UncheckedIOException(new IOException(e));
        }
    }
}
