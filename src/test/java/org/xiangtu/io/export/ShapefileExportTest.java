package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.Feature;
import org.xiangtu.interop.Ogrinfo;
import org.xiangtu.testing.Requirements;

/**
 * The zipped Shapefile export, read back by GDAL: polygons with a hole keep it (outer rings clockwise, holes
 * counter-clockwise), lines and points keep their vertices, Chinese names and values read as written (UTF-8
 * with its .cpg), names are cut to the format's 10 bytes without splitting a character and kept distinct, a
 * feature without geometry is a Null shape, and a layer of mixed types is refused.
 */
class ShapefileExportTest {
    @TempDir
    Path tmp;

    @Test
    void column_names_fit_ten_bytes_without_splitting_a_character_and_stay_distinct() {
        Set<String> taken = new HashSet<>();
        assertThat(ShapefileExportWriter.name("村名", taken)).isEqualTo("村名");
        assertThat(ShapefileExportWriter.name("贫困户数", taken)).isEqualTo("贫困户");
        assertThat(ShapefileExportWriter.name("贫困户人数", taken)).isEqualTo("贫困_2");
        assertThat(ShapefileExportWriter.name("population_total", taken)).isEqualTo("population");
        assertThat(ShapefileExportWriter.name("population_2020", taken)).isEqualTo("populati_2");
    }

    @Test
    void gdal_reads_polygons_lines_and_points_with_chinese_values() throws Exception {
        Requirements.requireExecutable(Ogrinfo.PATH, "GDAL ogrinfo");
        WKTReader wkt = new WKTReader(Crs.LONLAT);
        List<ExportField> fields = List.of(new ExportField("村名", FieldType.STRING, null),
                new ExportField("贫困户数", FieldType.INTEGER, null), new ExportField("mj", FieldType.NUMBER, null),
                new ExportField("通电", FieldType.BOOLEAN, null), new ExportField("riqi", FieldType.DATE, null));
        Map<String, Object> a = new LinkedHashMap<>(Map.of("村名", "安居村", "贫困户数", 12L, "mj", 35.25, "通电", true,
                "riqi", "2020-10-31"));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("村名", "无图村");
        List<Feature> features = List.of(
                new Feature("v-1", wkt.read("MULTIPOLYGON (((106 29, 106 30, 107 30, 107 29, 106 29),"
                        + " (106.2 29.2, 106.4 29.2, 106.4 29.4, 106.2 29.2)))"), a),
                new Feature("v-2", null, b));
        String polygons = ogr(new ExportLayer("villages", "村", GeometryKind.MULTIPOLYGON, fields, features));
        assertThat(polygons).contains("Geometry: Polygon").contains("Feature Count: 2")
                .contains("村名 (String) = 安居村").contains("贫困户 (Integer) = 12").contains("mj (Real) = 35.25")
                .contains("通电 (String) = T") // dBASE L: GDAL reads it as text.contains("riqi (Date) = 2020/10/31").contains("id (String) = v-2")
                .contains("POLYGON ((106 29,106 30,107 30,107 29,106 29),(106.2 29.2,106.4 29.2,106.4 29.4,106.2 29.2))");

        String lines = ogr(new ExportLayer("roads", null, GeometryKind.MULTILINESTRING, List.of(), List.of(
                new Feature("r-1", wkt.read("MULTILINESTRING ((106 29, 106.5 29.5), (107 30, 107.1 30.1))"), Map.of()))));
        assertThat(lines).contains("Geometry: Line String").contains("MULTILINESTRING ((106 29,106.5 29.5),(107 30,107.1 30.1))");
        String points = ogr(new ExportLayer("works", null, GeometryKind.POINT, List.of(), List.of(
                new Feature("w-1", wkt.read("POINT (106.05 29.85)"), Map.of()))));
        assertThat(points).contains("Geometry: Point").contains("POINT (106.05 29.85)");
    }

    @Test
    void a_layer_of_mixed_types_is_refused() {
        ExportLayer mixed = new ExportLayer("x", null, GeometryKind.GEOMETRY, List.of(), List.of());
        assertThatThrownBy(() -> Exporter.write(mixed, ExportFormat.SHAPEFILE, new ByteArrayOutputStream()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GeoPackage");
    }

    private String ogr(ExportLayer layer) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.write(layer, ExportFormat.SHAPEFILE, out);
        Path zip = tmp.resolve(layer.name() + ".zip");
        Files.write(zip, out.toByteArray());
        Ogrinfo.Result r = Ogrinfo.run("-ro", "-al", "/vsizip/" + zip);
        assertThat(r.exit()).as(r.describe()).isZero();
        assertThat(r.stdout() + r.stderr()).doesNotContainIgnoringCase("warning");
        return r.stdout();
    }
}
