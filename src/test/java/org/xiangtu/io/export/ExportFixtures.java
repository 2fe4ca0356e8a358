package org.xiangtu.io.export;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;

/** Small export layers with Chinese text and awkward values, shared by the export tests. */
final class ExportFixtures {
    static final String CHINESE_NAME = "龙井村（乡村振兴示范点）";
    /** A value that needs CSV quoting: a quote, a comma and a line break. */
    static final String AWKWARD = "他说\"好\",\n第二行";
    static final String FORMULA = "=HYPERLINK(\"http://evil\",\"点击\")";

    static final List<ExportField> FIELDS = List.of(
            new ExportField("name", FieldType.STRING, "名称"),
            new ExportField("population", FieldType.INTEGER, "人口"),
            new ExportField("area_ha", FieldType.NUMBER, "面积（公顷）"),
            new ExportField("flagship", FieldType.BOOLEAN, "示范村"),
            new ExportField("opened", FieldType.DATE, null),
            new ExportField("note", FieldType.STRING, "备注"));

    private ExportFixtures() {
    }

    static Geometry wkt(String wkt) {
        try {
            return new WKTReader(org.xiangtu.geo.Crs.LONLAT).read(wkt);
        } catch (ParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Feature feature(String id, String wkt, Object... keyValues) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Feature(id, wkt == null ? null : wkt(wkt), props);
    }

    /** Three points: an ordinary one, one with awkward text and a formula, one without geometry and values. */
    static ExportLayer points() {
        return new ExportLayer("villages", "行政村", GeometryKind.POINT, FIELDS, List.of(
                feature("v-001", "POINT (106.0512345 29.8523456)", "name", CHINESE_NAME, "population", 1234L,
                        "area_ha", 56.75, "flagship", true, "opened", "2021-03-15", "note", "ordinary",
                        "updated_at", "2026-01-01T00:00:00Z"),
                feature("v-002", "POINT (106.1 29.9)", "name", AWKWARD, "population", 0L, "area_ha", 1.0E7,
                        "flagship", false, "opened", null, "note", FORMULA),
                feature("-v-003", null, "name", "无坐标")));
    }

    /** Two multipolygons (one given as a plain polygon, as a drawn selection may be) with Chinese names. */
    static ExportLayer polygons() {
        return new ExportLayer("towns", "乡镇 / towns", GeometryKind.MULTIPOLYGON,
                List.of(new ExportField("name", FieldType.STRING, "名称")), List.of(
                        feature("t-1", "MULTIPOLYGON (((106 29, 106.2 29, 106.2 29.2, 106 29.2, 106 29), "
                                + "(106.05 29.05, 106.05 29.1, 106.1 29.1, 106.05 29.05)))", "name", "青山镇"),
                        feature("t-2", "POLYGON ((106.3 29, 106.4 29, 106.4 29.1, 106.3 29))", "name", "绿水镇")));
    }

    static ExportLayer empty(GeometryKind kind) {
        return new ExportLayer("empty_layer", "空图层", kind, FIELDS, List.of());
    }

    /** A layer without geometry (like project updates). */
    static ExportLayer table() {
        return new ExportLayer("updates", "项目进展", GeometryKind.NONE,
                List.of(new ExportField("note", FieldType.STRING, "说明"), new ExportField("at", FieldType.DATE, "日期")),
                List.of(feature("u-1", null, "note", "已完工", "at", "2026-05-01")));
    }
}
