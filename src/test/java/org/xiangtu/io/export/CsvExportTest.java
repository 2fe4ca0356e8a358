package org.xiangtu.io.export;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;

class CsvExportTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private static byte[] bytes(ExportLayer layer) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Exporter.write(layer, ExportFormat.CSV, out);
        return out.toByteArray();
    }

    /** The text after the BOM, split into CRLF-terminated records (the last element is what follows the last CRLF). */
    private static List<String> records(ExportLayer layer) throws IOException {
        byte[] b = bytes(layer);
        String text = new String(b, BOM.length, b.length - BOM.length, StandardCharsets.UTF_8);
        return Arrays.asList(text.split("\r\n", -1));
    }

    @Test
    void the_file_starts_with_a_utf8_byte_order_mark_and_keeps_chinese() throws IOException {
        byte[] b = bytes(ExportFixtures.points());
        assertThat(Arrays.copyOf(b, 3)).containsExactly(BOM);
        assertThat(new String(b, StandardCharsets.UTF_8)).contains(ExportFixtures.CHINESE_NAME);
    }

    @Test
    void the_header_names_each_field_with_its_chinese_title_then_wkt_lon_lat() throws IOException {
        assertThat(records(ExportFixtures.points()).get(0)).isEqualTo(
                "id,name（名称）,population（人口）,area_ha（面积（公顷））,flagship（示范村）,opened,note（备注）,wkt,lon,lat");
    }

    @Test
    void rows_hold_typed_values_wkt_and_point_coordinates() throws IOException {
        assertThat(records(ExportFixtures.points()).get(1)).isEqualTo("v-001," + ExportFixtures.CHINESE_NAME
                + ",1234,56.75,true,2021-03-15,ordinary,POINT (106.0512345 29.8523456),106.0512345,29.8523456");
    }

    @Test
    void quotes_commas_and_line_breaks_are_quoted_per_rfc4180() throws IOException {
        String row = records(ExportFixtures.points()).get(2);
        assertThat(row).startsWith("v-002,\"他说\"\"好\"\",\n第二行\",0,10000000,false,,");
    }

    @Test
    void text_cells_starting_like_a_formula_get_a_leading_apostrophe() throws IOException {
        List<String> rows = records(ExportFixtures.points());
        assertThat(rows.get(2)).contains(",\"'=HYPERLINK(\"\"http://evil\"\",\"\"点击\"\")\",");
        // the id column is text too; a missing geometry leaves wkt, lon and lat empty
        assertThat(rows.get(3)).isEqualTo("'-v-003,无坐标,,,,,,,,");
        for (String s : List.of("=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx")) {
            assertThat(CsvExportWriter.text(s)).as(s).isEqualTo("'" + s);
        }
        assertThat(CsvExportWriter.text("1-1")).isEqualTo("1-1");
    }

    @Test
    void numbers_are_not_guarded_and_have_no_exponent() throws IOException {
        ExportLayer layer = new ExportLayer("n", null, GeometryKind.NONE,
                List.of(new ExportField("v", FieldType.NUMBER, null), new ExportField("i", FieldType.INTEGER, null)),
                List.of(ExportFixtures.feature("a", null, "v", -0.5, "i", -3L),
                        ExportFixtures.feature("b", null, "v", 1.5E-7, "i", "42")));
        assertThat(records(layer)).containsExactly("id,v,i", "a,-0.5,-3", "b,0.00000015,42", "");
    }

    @Test
    void every_record_ends_with_crlf() throws IOException {
        byte[] b = bytes(ExportFixtures.polygons());
        assertThat(new String(b, StandardCharsets.UTF_8)).endsWith("\r\n");
        List<String> rows = records(ExportFixtures.polygons());
        assertThat(rows).hasSize(1 + ExportFixtures.polygons().features().size() + 1);
        assertThat(rows.get(rows.size() - 1)).isEmpty();
        assertThat(rows.get(0)).isEqualTo("id,name（名称）,wkt");
        assertThat(rows.get(2)).isEqualTo("t-2,绿水镇,\"POLYGON ((106.3 29, 106.4 29, 106.4 29.1, 106.3 29))\"");
    }

    @Test
    void an_empty_layer_is_a_bom_and_a_header() throws IOException {
        assertThat(records(ExportFixtures.empty(GeometryKind.POINT))).hasSize(2)
                .first().asString().startsWith("id,name（名称）");
        assertThat(Arrays.copyOf(bytes(ExportFixtures.empty(GeometryKind.POINT)), 3)).containsExactly(BOM);
    }

    @Test
    void a_layer_without_geometry_has_no_wkt_column() throws IOException {
        assertThat(records(ExportFixtures.table())).containsExactly("id,note（说明）,at（日期）", "u-1,已完工,2026-05-01", "");
    }
}
