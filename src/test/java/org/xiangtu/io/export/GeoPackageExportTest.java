package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;

/** Reads the exported GeoPackage back with plain sqlite-jdbc, not through the library that wrote it. */
class GeoPackageExportTest {
    @TempDir
    Path dir;

    private Path export(ExportLayer layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.write(layer, ExportFormat.GEOPACKAGE, out);
        Path file = dir.resolve(layer.name() + ".gpkg");
        Files.write(file, out.toByteArray());
        return file;
    }

    private static Connection open(Path file) throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + file);
    }

    private static List<List<Object>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<Object>> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        row.add(rs.getObject(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    private static Object one(Connection c, String sql, Object... args) throws SQLException {
        return rows(c, sql, args).get(0).get(0);
    }

    /** Skips the GeoPackage geometry header (GeoPackage §2.1.3) and reads the WKB. */
    private static Geometry decode(byte[] blob) throws ParseException {
        assertThat(new String(blob, 0, 2, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("GP");
        int flags = blob[3];
        ByteOrder order = (flags & 1) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        assertThat(ByteBuffer.wrap(blob, 4, 4).order(order).getInt()).as("srs_id").isEqualTo(4490);
        int envelope = new int[] {0, 32, 48, 48, 64}[(flags >> 1) & 7];
        return new WKBReader().read(java.util.Arrays.copyOfRange(blob, 8 + envelope, blob.length));
    }

    @Test
    void the_file_is_a_geopackage_13_in_rollback_journal_mode() throws Exception {
        try (Connection c = open(export(ExportFixtures.points()))) {
            assertThat(one(c, "PRAGMA application_id")).isEqualTo(0x47504B47); // "GPKG"
            assertThat(one(c, "PRAGMA user_version")).isEqualTo(10300);
            assertThat(one(c, "PRAGMA journal_mode")).isEqualTo("delete");
            assertThat(one(c, "PRAGMA integrity_check")).isEqualTo("ok");
            assertThat(one(c, "SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = 4490").toString())
                    .contains("China Geodetic Coordinate System 2000");
        }
    }

    @Test
    void the_table_has_typed_columns_an_integer_key_and_the_id_as_text() throws Exception {
        try (Connection c = open(export(ExportFixtures.points()))) {
            Map<String, String> types = new LinkedHashMap<>();
            for (List<Object> r : rows(c, "SELECT name, type, pk FROM pragma_table_info('villages')")) {
                types.put((String) r.get(0), (String) r.get(1));
                if (((Number) r.get(2)).intValue() == 1) {
                    assertThat(r.get(0)).as("primary key").isEqualTo("fid");
                }
            }
            assertThat(types).containsExactly(Map.entry("fid", "INTEGER"), Map.entry("geom", "POINT"),
                    Map.entry("id", "TEXT"), Map.entry("name", "TEXT"), Map.entry("population", "INTEGER"),
                    Map.entry("area_ha", "DOUBLE"), Map.entry("flagship", "BOOLEAN"), Map.entry("opened", "DATE"),
                    Map.entry("note", "TEXT"));
            assertThat(rows(c, "SELECT table_name, column_name, geometry_type_name, srs_id, z, m FROM gpkg_geometry_columns"))
                    .containsExactly(List.of("villages", "geom", "POINT", 4490, 0, 0));
            assertThat(rows(c, "SELECT table_name, data_type, identifier, srs_id FROM gpkg_contents"))
                    .containsExactly(List.of("villages", "features", "行政村", 4490));
            assertThat(one(c, "SELECT last_change FROM gpkg_contents").toString())
                    .as("GeoPackage timestamp format").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        }
    }

    @Test
    void every_feature_is_written_with_its_values_and_geometry() throws Exception {
        ExportLayer layer = ExportFixtures.points();
        try (Connection c = open(export(layer))) {
            List<List<Object>> rows = rows(c,
                    "SELECT id, name, population, area_ha, flagship, opened, note, geom FROM villages ORDER BY fid");
            assertThat(rows).hasSize(layer.features().size());
            assertThat(rows.get(0).subList(0, 7)).containsExactly("v-001", ExportFixtures.CHINESE_NAME, 1234, 56.75, 1,
                    "2021-03-15", "ordinary");
            assertThat(rows.get(1).subList(0, 7)).containsExactly("v-002", ExportFixtures.AWKWARD, 0, 1.0E7, 0, null,
                    ExportFixtures.FORMULA); // no formula guard: GeoPackage cells are not spreadsheet formulas
            assertThat(rows.get(2).get(0)).isEqualTo("-v-003");
            assertThat(rows.get(2).get(7)).as("missing geometry").isNull();
            for (int i = 0; i < 2; i++) {
                Feature f = layer.features().get(i);
                assertThat(decode((byte[]) rows.get(i).get(7)).equalsExact(f.geometry())).as(f.id()).isTrue();
            }
        }
    }

    @Test
    void the_rtree_index_holds_every_geometry_and_the_extent_is_recorded() throws Exception {
        ExportLayer layer = ExportFixtures.polygons();
        try (Connection c = open(export(layer))) {
            assertThat(one(c, "SELECT count(*) FROM gpkg_extensions WHERE table_name = 'towns' "
                    + "AND column_name = 'geom' AND extension_name = 'gpkg_rtree_index'")).isEqualTo(1);
            assertThat(one(c, "SELECT count(*) FROM rtree_towns_geom")).isEqualTo(layer.features().size());
            org.locationtech.jts.geom.Envelope e = new org.locationtech.jts.geom.Envelope();
            layer.features().forEach(f -> e.expandToInclude(f.geometry().getEnvelopeInternal()));
            assertThat(rows(c, "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = 'towns'"))
                    .containsExactly(List.of(e.getMinX(), e.getMinY(), e.getMaxX(), e.getMaxY()));
        }
    }

    @Test
    void a_plain_polygon_in_a_multipolygon_layer_is_written_as_a_multipolygon() throws Exception {
        ExportLayer layer = ExportFixtures.polygons();
        try (Connection c = open(export(layer))) {
            Geometry g = decode((byte[]) one(c, "SELECT geom FROM towns WHERE id = 't-2'"));
            assertThat(g.getGeometryType()).isEqualTo("MultiPolygon");
            assertThat(g.getGeometryN(0).equalsExact(layer.features().get(1).geometry())).isTrue();
            assertThat(one(c, "SELECT name FROM towns WHERE id = 't-2'")).isEqualTo("绿水镇");
        }
    }

    @Test
    void field_titles_are_recorded_as_data_columns() throws Exception {
        try (Connection c = open(export(ExportFixtures.points()))) {
            assertThat(rows(c, "SELECT column_name, name, title FROM gpkg_data_columns "
                    + "WHERE table_name = 'villages' ORDER BY column_name"))
                    .contains(List.of("area_ha", "面积（公顷）", "面积（公顷）"), List.of("name", "名称", "名称"))
                    .noneMatch(r -> r.get(0).equals("opened")); // no title, no row
            assertThat(one(c, "SELECT count(*) FROM gpkg_extensions WHERE table_name = 'gpkg_data_columns' "
                    + "AND extension_name = 'gpkg_schema'")).isEqualTo(1);
            assertThat(one(c, "SELECT count(*) FROM gpkg_extensions WHERE extension_name = 'gpkg_schema'"))
                    .as("both schema tables registered").isEqualTo(2);
        }
    }

    @Test
    void an_empty_layer_is_an_empty_table_without_extent() throws Exception {
        try (Connection c = open(export(ExportFixtures.empty(GeometryKind.MULTIPOLYGON)))) {
            assertThat(one(c, "SELECT count(*) FROM empty_layer")).isEqualTo(0);
            assertThat(one(c, "SELECT geometry_type_name FROM gpkg_geometry_columns")).isEqualTo("MULTIPOLYGON");
            assertThat(rows(c, "SELECT min_x FROM gpkg_contents").get(0).get(0)).isNull();
            assertThat(one(c, "SELECT count(*) FROM rtree_empty_layer_geom")).isEqualTo(0);
        }
    }

    @Test
    void a_layer_without_geometry_is_an_attributes_table() throws Exception {
        try (Connection c = open(export(ExportFixtures.table()))) {
            assertThat(rows(c, "SELECT table_name, data_type FROM gpkg_contents"))
                    .containsExactly(List.of("updates", "attributes"));
            assertThat(rows(c, "SELECT id, note, at FROM updates")).containsExactly(List.of("u-1", "已完工", "2026-05-01"));
            // GDAL finds attributes tables through a query that joins this table, so it must exist
            assertThat(one(c, "SELECT count(*) FROM gpkg_geometry_columns")).isEqualTo(0);
        }
    }

    @Test
    void a_geometry_that_does_not_fit_the_layer_is_refused_before_writing() {
        ExportLayer layer = new ExportLayer("pts", null, GeometryKind.POINT, List.of(),
                List.of(ExportFixtures.feature("x-1", "LINESTRING (106 29, 106.1 29.1)")));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThatThrownBy(() -> Exporter.write(layer, ExportFormat.GEOPACKAGE, out))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x-1").hasMessageContaining("LineString");
        assertThat(out.size()).isZero();
    }

    @Test
    void no_temporary_file_is_left_behind() throws Exception {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        List<Path> before = exportTemps(tmp);
        export(ExportFixtures.points());
        assertThatThrownBy(() -> Exporter.write(new ExportLayer("pts", null, GeometryKind.POINT, List.of(),
                List.of(ExportFixtures.feature("x-1", "LINESTRING (106 29, 106.1 29.1)"))),
                ExportFormat.GEOPACKAGE, new ByteArrayOutputStream())).isInstanceOf(IllegalArgumentException.class);
        // only this test's files count: another build sharing /tmp may add or remove its own meanwhile
        assertThat(exportTemps(tmp)).as("export files left in " + tmp).isSubsetOf(before);
    }

    private static List<Path> exportTemps(Path tmp) throws IOException {
        try (Stream<Path> s = Files.list(tmp)) {
            return s.filter(p -> p.getFileName().toString().startsWith("xiangtu-export-")).toList();
        }
    }
}
