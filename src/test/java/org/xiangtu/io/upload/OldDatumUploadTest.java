package org.xiangtu.io.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.locationtech.jts.geom.Coordinate;

/**
 * Shapefiles on Beijing 1954 and Xi'an 1980 with an ESRI-WKT {@code .prj}, as GDAL writes them, the
 * {@code crs} and {@code towgs84} options, and the repairs the report lists.
 *
 * <p>The fixtures under {@code uploads/} were made from one lon/lat GeoJSON ({@link #SOURCE}) with
 * {@code ogr2ogr -s_srs EPSG:4490 -t_srs X} for X = EPSG:4214 (Beijing 1954 lon/lat), EPSG:2432 (Beijing 1954
 * 3° GK CM 105E, false easting 500 km), EPSG:2359 (Xi'an 1980 3° GK zone 35, false easting 35,500 km) and a
 * hand-written ESRI Lambert Conformal Conic on Xi'an 1980 (25°/47°, CM 105E); GDAL wrote the .prj files.
 * GDAL applies no datum shift between these datums and CGCS2000 (a "ballpark" transformation), so reading
 * the files back must give {@link #SOURCE}'s numbers, and so must {@code ogr2ogr -t_srs EPSG:4490} on them.
 *
 * <p>Tolerance: 1e-7° (about 1 cm). Both sides inverse-project on the same ellipsoid with no datum shift, so
 * they differ only by the projection formulas (Proj4J's series expansions against PROJ's), which agree to
 * well under a millimetre this close to the central meridian; 1 cm leaves room for the 9 decimals ogr2ogr's
 * Shapefile printing keeps while catching any ellipsoid or datum mistake, which moves points by metres.
 */
class OldDatumUploadTest {
    private static final double CM = 1e-7;
    private static final String OGR2OGR = "/usr/bin/ogr2ogr";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The outer rings' first corners of the three features the fixtures were made from. */
    private static final double[][] SOURCE = {{106.04, 29.84}, {106.07, 29.83}, {105.62, 30.41}};
    private static final String LCC_WKT = "PROJCS[\"Xian_1980_Lambert_Conformal_Conic\",GEOGCS[\"GCS_Xian_1980\","
            + "DATUM[\"D_Xian_1980\",SPHEROID[\"Xian_1980\",6378140.0,298.257]],PRIMEM[\"Greenwich\",0.0],"
            + "UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Lambert_Conformal_Conic\"],"
            + "PARAMETER[\"False_Easting\",0.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],"
            + "PARAMETER[\"Standard_Parallel_1\",25.0],PARAMETER[\"Standard_Parallel_2\",47.0],"
            + "PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"bj54_geographic", "bj54_gk_cm105e", "xian80_gk_zone35", "xian80_lcc"})
    void old_datum_prj_is_read_on_its_own_ellipsoid_without_a_shift(String name) {
        ParsedUpload up = read(name, UploadOptions.defaults());

        assertThat(up.report().datumShift()).isEqualTo("none");
        assertThat(up.features()).hasSize(3);
        assertThat(up.features()).extracting(f -> f.properties().get("name")).containsExactly("巴川街道", "旧县镇", "少云镇");
        for (int i = 0; i < SOURCE.length; i++) {
            Coordinate c = up.features().get(i).geometry().getCoordinates()[0];
            assertThat(c.x).as(name + " feature " + i + " lon").isCloseTo(SOURCE[i][0], org.assertj.core.data.Offset.offset(CM));
            assertThat(c.y).as(name + " feature " + i + " lat").isCloseTo(SOURCE[i][1], org.assertj.core.data.Offset.offset(CM));
        }
        String datum = name.startsWith("bj54") ? "Beijing 1954" : "Xi'an 1980";
        assertThat(up.report().warnings()).anyMatch(w -> w.startsWith(datum) && w.contains("without a datum shift")
                && w.contains("tens of metres") && w.contains("towgs84"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bj54_geographic", "bj54_gk_cm105e", "xian80_gk_zone35", "xian80_lcc"})
    void every_vertex_equals_what_ogr2ogr_gives_for_epsg_4490(String name) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(OGR2OGR)), "GDAL's ogr2ogr is not installed: skipping"
                + " the comparison with GDAL (apt-get install gdal-bin)");
        Path shp = unzip(name);
        Path out = tmp.resolve(name + ".geojson");
        run(OGR2OGR, "-f", "GeoJSON", "-t_srs", "EPSG:4490", "-lco", "COORDINATE_PRECISION=12", out.toString(),
                shp.toString());
        JsonNode gdal = JSON.readTree(out.toFile()).get("features");
        ParsedUpload up = read(name, UploadOptions.defaults());
        assertThat(up.features()).hasSize(gdal.size());
        int vertices = 0;
        for (int i = 0; i < gdal.size(); i++) {
            List<double[]> expected = new ArrayList<>();
            flatten(gdal.get(i).at("/geometry/coordinates"), expected);
            Coordinate[] actual = up.features().get(i).geometry().getCoordinates();
            assertThat(actual).hasSize(expected.size());
            for (int k = 0; k < actual.length; k++, vertices++) {
                assertThat(actual[k].x).as(name + " #" + i + " vertex " + k).isCloseTo(expected.get(k)[0],
                        org.assertj.core.data.Offset.offset(CM));
                assertThat(actual[k].y).as(name + " #" + i + " vertex " + k).isCloseTo(expected.get(k)[1],
                        org.assertj.core.data.Offset.offset(CM));
            }
        }
        assertThat(vertices).isEqualTo(18);
    }

    @Test
    void towgs84_is_applied_when_given_and_agrees_with_gdal() throws Exception {
        String shift = "15.8,-154.4,-82.3";
        ParsedUpload none = read("bj54_gk_cm105e", UploadOptions.defaults());
        ParsedUpload shifted = read("bj54_gk_cm105e", options(null, shift));

        assertThat(shifted.report().datumShift()).isEqualTo("towgs84=15.8,-154.4,-82.3");
        assertThat(shifted.report().warnings()).anyMatch(w -> w.contains("towgs84=15.8,-154.4,-82.3")
                && w.contains("applied")).noneMatch(w -> w.contains("without a datum shift"));
        Coordinate a = none.features().get(0).geometry().getCoordinates()[0];
        Coordinate b = shifted.features().get(0).geometry().getCoordinates()[0];
        double metres = Math.hypot((b.x - a.x) * 111_320 * Math.cos(Math.toRadians(a.y)), (b.y - a.y) * 110_574);
        // EPSG's Beijing 1954 → WGS 84 parameters move Tongliang by 28 m: "tens of metres", as the report says
        assertThat(metres).as("the shift moves the point").isBetween(20.0, 40.0);

        Assumptions.assumeTrue(Files.isExecutable(Path.of(OGR2OGR)), "GDAL's ogr2ogr is not installed: skipping"
                + " the comparison with GDAL");
        // With -t_srs EPSG:4490 PROJ drops the source's towgs84 (it finds no way from WGS 84 to CGCS2000 but a
        // "ballpark" one and uses that from the base CRS), so the target is written as Xiangtu takes CGCS2000:
        // the GRS80 ellipsoid, equal to WGS 84 (a null shift).
        Path out = tmp.resolve("shifted.geojson");
        run(OGR2OGR, "-f", "GeoJSON", "-s_srs", "+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=500000 +y_0=0"
                + " +ellps=krass +towgs84=" + shift + " +units=m +no_defs",
                "-t_srs", "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs",
                "-lco", "COORDINATE_PRECISION=12", out.toString(), unzip("bj54_gk_cm105e").toString());
        JsonNode first = JSON.readTree(out.toFile()).at("/features/0/geometry/coordinates/0/0");
        assertThat(b.x).isCloseTo(first.get(0).asDouble(), org.assertj.core.data.Offset.offset(CM));
        assertThat(b.y).isCloseTo(first.get(1).asDouble(), org.assertj.core.data.Offset.offset(CM));
    }

    @Test
    void seven_towgs84_parameters_are_read_as_proj_reads_them() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(OGR2OGR)), "GDAL's ogr2ogr is not installed: skipping"
                + " the comparison with GDAL");
        // rotations of a few arc seconds and a scale in ppm: a sign or unit mistake moves points by metres
        String shift = "24,-123,-94,2.5,-3.1,1.7,4.2";
        Coordinate ours = read("xian80_gk_zone35", options(null, shift)).features().get(0).geometry()
                .getCoordinates()[0];
        Path out = tmp.resolve("seven.geojson");
        run(OGR2OGR, "-f", "GeoJSON", "-s_srs", "+proj=tmerc +lat_0=0 +lon_0=105 +k=1 +x_0=35500000 +y_0=0"
                + " +a=6378140 +rf=298.257 +towgs84=" + shift + " +units=m +no_defs",
                "-t_srs", "+proj=longlat +ellps=GRS80 +towgs84=0,0,0 +no_defs",
                "-lco", "COORDINATE_PRECISION=12", out.toString(), unzip("xian80_gk_zone35").toString());
        JsonNode gdal = JSON.readTree(out.toFile()).at("/features/0/geometry/coordinates/0/0");
        assertThat(ours.x).isCloseTo(gdal.get(0).asDouble(), org.assertj.core.data.Offset.offset(CM));
        assertThat(ours.y).isCloseTo(gdal.get(1).asDouble(), org.assertj.core.data.Offset.offset(CM));
    }

    @Test
    void towgs84_must_be_3_or_7_numbers_and_only_for_an_older_datum() {
        for (String bad : new String[] {"1,2", "1,2,3,4", "a,b,c", "1,2,NaN", "1,2,3,4,5,6,7,8", "99999,0,0"}) {
            UploadException e = catchThrowableOfType(UploadException.class,
                    () -> read("bj54_gk_cm105e", options(null, bad)));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).as(e.getMessage()).isEqualTo("towgs84");
        }
        assertThat(read("bj54_gk_cm105e", options(null, "24 -123 -94 0.02 -0.25 -0.13 1.1")).report().datumShift())
                .isEqualTo("towgs84=24,-123,-94,0.02,-0.25,-0.13,1.1");
        UploadException e = catchThrowableOfType(UploadException.class,
                () -> read("villages_utf8_4544", options(null, "1,2,3")));
        assertThat(e.field()).isEqualTo("towgs84");
        assertThat(e.getMessage()).contains("already on WGS 84 / CGCS2000");
    }

    @Test
    void crs_option_takes_epsg_esri_and_wkt_and_an_epsg_code_on_beijing_1954_gets_no_registry_shift() {
        ParsedUpload prj = read("bj54_gk_cm105e", UploadOptions.defaults());
        ParsedUpload epsg = read("bj54_gk_cm105e", options("EPSG:2432", null));
        ParsedUpload esri = read("bj54_gk_cm105e", options("ESRI:2432", null));
        ParsedUpload wkt = read("xian80_lcc", options(LCC_WKT, null));

        assertThat(prj.report().sourceCrs()).isEqualTo("Beijing_1954_3_Degree_GK_CM_105E");
        assertThat(epsg.report().sourceCrs()).isEqualTo("EPSG:2432");
        assertThat(esri.report().sourceCrs()).isEqualTo("ESRI:2432");
        assertThat(wkt.report().sourceCrs()).isEqualTo("Xian_1980_Lambert_Conformal_Conic");
        // proj4j-epsg lists EPSG:2432 with +towgs84=15.8,-154.4,-82.3; it must not be applied unasked
        assertThat(epsg.report().datumShift()).isEqualTo("none");
        for (ParsedUpload up : List.of(epsg, esri, wkt)) {
            Coordinate c = up.features().get(0).geometry().getCoordinates()[0];
            assertThat(c.x).isCloseTo(SOURCE[0][0], org.assertj.core.data.Offset.offset(CM));
            assertThat(c.y).isCloseTo(SOURCE[0][1], org.assertj.core.data.Offset.offset(CM));
        }
    }

    @Test
    void a_crs_the_library_cannot_use_is_a_400_naming_crs() {
        String mercator = LCC_WKT.replace("Lambert_Conformal_Conic\"]", "Mercator\"]");
        for (String bad : new String[] {"EPSG:99999", "ESRI:999999", "PROJCS[\"x\",", mercator, "GEOGCS[\"x\"]",
                LCC_WKT.replace("6378140.0,298.257", "6377397.155,299.1528128"), "Gauss-Krüger"}) {
            UploadException e = catchThrowableOfType(UploadException.class,
                    () -> read("bj54_gk_cm105e", options(bad, null)));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.field()).as(bad + ": " + e.getMessage()).isEqualTo("crs");
        }
    }

    @Test
    void a_prj_with_an_unsupported_projection_is_a_400_naming_the_prj() throws IOException {
        Path zip = tmp.resolve("merc.zip");
        byte[] original = Files.readAllBytes(UploadReaderTest.fixture("xian80_lcc.zip"));
        try (var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(zip));
                var in = new ZipInputStream(new java.io.ByteArrayInputStream(original))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith(".prj")) {
                    bytes = new String(bytes, StandardCharsets.UTF_8).replace("Lambert_Conformal_Conic\"]",
                            "Hotine_Oblique_Mercator\"]").getBytes(StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(bytes);
            }
        }
        UploadException e = catchThrowableOfType(UploadException.class,
                () -> UploadReader.read("merc.zip", zip, UploadOptions.defaults(), UploadLimits.defaults()));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.field()).isEqualTo("file.prj");
        assertThat(e.getMessage()).contains("Hotine_Oblique_Mercator");
    }

    @Test
    void the_report_lists_each_repair_with_index_id_and_the_reasons() throws IOException {
        Path file = tmp.resolve("repairs.geojson");
        Files.writeString(file, "{\"type\":\"FeatureCollection\",\"features\":[" + square("a", 106.04) + ","
                + bowtie("\"b\"", 106.04) + "," + square("c", 106.1) + "," + bowtie("7", 106.1) + "]}");

        UploadReport report = UploadReader.read("repairs.geojson", file, UploadOptions.defaults(),
                UploadLimits.defaults()).report();

        assertThat(report.repaired()).isEqualTo(2);
        assertThat(report.repairsNotListed()).isZero();
        assertThat(report.repairs()).containsExactly(
                new UploadReport.Repair(1, "b", "Self-intersection at (106.05 29.85)", "valid"),
                new UploadReport.Repair(3, "7", "Self-intersection at (106.11 29.85)", "valid"));
    }

    @Test
    void the_list_of_repairs_is_capped_with_a_count_of_the_rest() throws IOException {
        StringBuilder json = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        for (int i = 0; i < 130; i++) {
            json.append(i == 0 ? "" : ",").append(bowtie("\"f" + i + "\"", 106.0 + i * 0.001));
        }
        Path file = tmp.resolve("many.geojson");
        Files.writeString(file, json.append("]}"));

        UploadReport report = UploadReader.read("many.geojson", file, UploadOptions.defaults(),
                UploadLimits.defaults()).report();

        assertThat(report.repaired()).isEqualTo(130);
        assertThat(report.repairs()).hasSize(UploadReport.REPAIRS_LISTED);
        assertThat(report.repairsNotListed()).isEqualTo(30);
        assertThat(report.repairs().get(99).id()).isEqualTo("f99");
        assertThat(report.warnings()).anyMatch(w -> w.contains("130 invalid geometries were repaired; the first 100"));
    }

    @Test
    void a_shapefile_repair_names_the_record_number_gdal_shows() {
        UploadReport report = read("bowtie_shp", UploadOptions.defaults()).report();
        assertThat(report.repairs()).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.id()).isEqualTo("0");
            assertThat(r.before()).startsWith("Self-intersection at (");
            assertThat(r.after()).isEqualTo("valid");
        });
    }

    // ---- helpers

    private static String square(String id, double x) {
        return "{\"type\":\"Feature\",\"id\":\"" + id + "\",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[" + x + ",29.84],[" + (x + 0.02) + ",29.84],[" + (x + 0.02) + ",29.86],[" + x
                + ",29.86],[" + x + ",29.84]]]}}";
    }

    private static String bowtie(String id, double x) {
        return "{\"type\":\"Feature\",\"id\":" + id + ",\"properties\":{},\"geometry\":{\"type\":\"Polygon\","
                + "\"coordinates\":[[[" + x + ",29.84],[" + (x + 0.02) + ",29.86],[" + (x + 0.02) + ",29.84],[" + x
                + ",29.86],[" + x + ",29.84]]]}}";
    }

    private static UploadOptions options(String crs, String towgs84) {
        return new UploadOptions(false, crs, null, null, null, towgs84);
    }

    private static ParsedUpload read(String name, UploadOptions options) {
        return UploadReader.read(name + ".zip", UploadReaderTest.fixture(name + ".zip"), options,
                UploadLimits.defaults());
    }

    private Path unzip(String name) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Path shp = null;
        try (InputStream raw = Files.newInputStream(UploadReaderTest.fixture(name + ".zip"));
                ZipInputStream in = new ZipInputStream(raw)) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                Path p = dir.resolve(Path.of(e.getName()).getFileName().toString());
                Files.write(p, in.readAllBytes());
                if (p.toString().endsWith(".shp")) {
                    shp = p;
                }
            }
        }
        return shp;
    }

    private static void flatten(JsonNode coords, List<double[]> out) {
        if (coords.get(0).isNumber()) {
            out.add(new double[] {coords.get(0).asDouble(), coords.get(1).asDouble()});
            return;
        }
        coords.forEach(c -> flatten(c, out));
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] output = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + "\n" + new String(output, StandardCharsets.UTF_8))
                .isZero();
    }
}
