package org.xiangtu.edit.onboarding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.geo.Crs;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadReport;
import org.xiangtu.store.Feature;

/** Suggesting a mapping and previewing it, on hand-made uploads and the demo catalogue. */
class LayerMappingTest {
    static final Catalog CATALOG = CatalogLoader.read(DataSource.folder(Path.of("data")));
    static final LayerDef VILLAGES = CATALOG.layer("villages").orElseThrow();
    static final LayerDef WATER = CATALOG.layer("water_works").orElseThrow();
    static final String AT = "2026-12-06T00:00:00Z";

    static Geometry square(double x, double y) {
        return Crs.LONLAT.createPolygon(new Coordinate[] {new Coordinate(x, y), new Coordinate(x + 0.01, y),
                new Coordinate(x + 0.01, y + 0.01), new Coordinate(x, y + 0.01), new Coordinate(x, y)});
    }

    static ParsedUpload upload(List<UploadField> fields, List<UploadFeature> features) {
        UploadReport report = new UploadReport("geojson", "EPSG:4490", null, null, features.size(), 1,
                List.of(new UploadReport.Repair(1, null, "Self-intersection", "valid")), 0, 0, false, List.of());
        return new ParsedUpload("villages", GeometryKind.MULTIPOLYGON, fields, features, report);
    }

    static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static Feature village(String code, String name, String town, long poor) {
        Map<String, Object> p = new LinkedHashMap<>();
        VILLAGES.fields().forEach(f -> p.put(f.name(), null));
        p.put("code", code);
        p.put("name", name);
        p.put("town_code", town);
        p.put("poor_households", poor);
        p.put("households", 300L);
        p.put("updated_at", "2026-01-01T00:00:00Z");
        return new Feature("village-" + code, Crs.LONLAT.createMultiPolygon(new org.locationtech.jts.geom.Polygon[] {
                (org.locationtech.jts.geom.Polygon) square(106, 29.8)}), p);
    }

    static final List<UploadField> CN_FIELDS = List.of(new UploadField("村名", FieldType.STRING),
            new UploadField("村代码", FieldType.INTEGER), new UploadField("贫困户数", FieldType.INTEGER),
            new UploadField("镇街", FieldType.STRING), new UploadField("备注", FieldType.STRING));

    @Test
    void chineseColumnsAreMatchedByTitleAndUsualNames() {
        LayerMapping.Suggestion s = LayerMapping.suggest(upload(CN_FIELDS, List.of()), VILLAGES);
        assertEquals(Map.of("村名", "name", "村代码", "code", "贫困户数", "poor_households", "镇街", "town_code"),
                s.mapping().fields());
        assertEquals(List.of("备注"), s.unmappedSource());
        assertTrue(s.unmappedTarget().contains("households"));
        assertEquals("户", s.matches().stream().filter(m -> m.target().equals("poor_households")).findFirst()
                .orElseThrow().unit());
        assertEquals(LayerMapping.Mode.MERGE, s.mapping().mode());
    }

    @Test
    void namesMatchCaseAndUnderscoreInsensitivelyAndTypesMatter() {
        List<UploadField> fields = List.of(new UploadField("TOWN_CODE", FieldType.STRING),
                new UploadField("Capacity M3 Day", FieldType.NUMBER), new UploadField("供水规模", FieldType.BOOLEAN),
                new UploadField("受益人口", FieldType.INTEGER), new UploadField("水质检测合格", FieldType.STRING));
        LayerMapping.Suggestion s = LayerMapping.suggest(upload(fields, List.of()), WATER);
        assertEquals("town_code", s.mapping().fields().get("TOWN_CODE"));
        assertEquals("capacity_m3_day", s.mapping().fields().get("Capacity M3 Day"));
        assertNull(s.mapping().fields().get("供水规模"), "a boolean column cannot fill a number field");
        assertEquals("people_served", s.mapping().fields().get("受益人口"));
        assertEquals("quality_pass", s.mapping().fields().get("水质检测合格"));
    }

    @Test
    void aColumnInAnotherUnitIsFlagged() {
        LayerDef projects = CATALOG.layer("projects").orElseThrow();
        List<UploadField> fields = List.of(new UploadField("预算（万元）", FieldType.NUMBER),
                new UploadField("进度(%)", FieldType.NUMBER));
        LayerMapping.Suggestion s = LayerMapping.suggest(upload(fields, List.of()), projects);
        LayerMapping.Match budget = s.matches().stream().filter(m -> m.target().equals("budget_yuan")).findFirst()
                .orElseThrow();
        assertEquals("万元", budget.sourceUnit());
        assertTrue(budget.unitWarning().contains("万元"), budget.unitWarning());
        LayerMapping.Match progress = s.matches().stream().filter(m -> m.target().equals("progress_pct")).findFirst()
                .orElseThrow();
        assertNull(progress.unitWarning(), "the same unit");
    }

    @Test
    void mappingRoundTripsAsJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        LayerMapping m = new LayerMapping("villages", Map.of("村名", "name"), "code", false, LayerMapping.Mode.REPLACE);
        String text = json.writeValueAsString(m);
        assertTrue(text.contains("\"mode\":\"replace\""), text);
        assertEquals(m, json.readValue(text, LayerMapping.class));
        assertEquals(LayerMapping.Mode.MERGE, json.readValue("{\"target\":\"villages\"}", LayerMapping.class).mode());
    }

    @Test
    void previewMergesJoinsCodesByNameAndListsProblemsAndTheDiff() {
        List<Feature> current = List.of(village("500151003001", "甲村", "500151003", 10),
                village("500151003002", "乙村", "500151003", 20), village("500151003003", "丙村", "500151003", 30));
        List<UploadFeature> rows = List.of(
                new UploadFeature(square(106.1, 29.8), props("村名", "甲村", "村代码", 500151003001L, "贫困户数", 12L,
                        "镇街", "巴川街道")),
                new UploadFeature(null, props("村名", "乙村", "村代码", 500151003002L, "贫困户数", "20", "镇街", "500151003")),
                new UploadFeature(square(106.2, 29.8), props("村名", "新村", "村代码", 500151003009L, "贫困户数", "很多",
                        "镇街", "无此镇")),
                new UploadFeature(square(106.3, 29.8), props("村名", "无码村", "村代码", null, "贫困户数", 1L)));
        LayerMapping m = LayerMapping.suggest(upload(CN_FIELDS, rows), VILLAGES).mapping();
        OnboardingPreview.Places places = new OnboardingPreview.Places(Map.of("500151003", "巴川街道"), Map.of());
        OnboardingPreview.Result p = OnboardingPreview.preview(upload(CN_FIELDS, rows), m, VILLAGES, current, places, AT);
        assertEquals(4, p.rows());
        assertEquals(1, p.skipped(), "the row without a code");
        assertEquals(List.of("village-500151003009"), p.diff().addedIds());
        assertEquals(List.of("village-500151003001"), p.diff().changedIds(), "乙村 is the same: no geometry, same figures");
        assertEquals(1, p.diff().unchanged());
        assertEquals(0, p.diff().removed(), "merge removes nothing");
        assertEquals(2, p.written());
        assertEquals(1, p.unmatchedCount());
        assertEquals("无此镇", p.unmatched().get(0).value());
        assertTrue(p.problems().stream().anyMatch(x -> x.row() == 2 && x.field().equals("poor_households")), p.problems().toString());
        assertTrue(p.problems().stream().anyMatch(x -> x.row() == 3 && x.field().equals("code")), p.problems().toString());
        Feature a = p.features().stream().filter(f -> f.id().equals("village-500151003001")).findFirst().orElseThrow();
        assertEquals("500151003", a.properties().get("town_code"), "the town's name joined to its code");
        assertEquals(12L, a.properties().get("poor_households"));
        assertEquals(300L, a.properties().get("households"), "unmapped fields keep their values in merge mode");
        assertEquals("MultiPolygon", a.geometry().getGeometryType());
        assertEquals(AT, a.properties().get("updated_at"));
        assertEquals(1, p.repaired());
        assertEquals(OnboardingPreview.fingerprint(current), p.base());
    }

    @Test
    void replaceRemovesWhatTheFileLacksAndNullsUnmappedFields() {
        List<Feature> current = List.of(village("500151003001", "甲村", "500151003", 10),
                village("500151003002", "乙村", "500151003", 20));
        List<UploadFeature> rows = List.of(new UploadFeature(square(106, 29.8),
                props("村名", "甲村", "村代码", "500151003001", "贫困户数", 10L, "镇街", "500151003")));
        LayerMapping m = new LayerMapping("villages", LayerMapping.suggest(upload(CN_FIELDS, rows), VILLAGES)
                .mapping().fields(), null, true, LayerMapping.Mode.REPLACE);
        OnboardingPreview.Result p = OnboardingPreview.preview(upload(CN_FIELDS, rows), m, VILLAGES, current,
                OnboardingPreview.Places.none(), AT);
        assertEquals(List.of("village-500151003002"), p.diff().removedIds());
        assertEquals(List.of("village-500151003001"), p.diff().changedIds(), "households became null");
        assertEquals(1, p.written());
        assertNull(p.features().get(0).properties().get("households"));
    }

    @Test
    void enumTitlesDatesAndBooleansAreConverted() {
        LayerDef projects = CATALOG.layer("projects").orElseThrow();
        List<UploadField> fields = List.of(new UploadField("名称", FieldType.STRING), new UploadField("状态", FieldType.STRING),
                new UploadField("开工日期", FieldType.STRING));
        List<UploadFeature> rows = new ArrayList<>();
        rows.add(new UploadFeature(Crs.LONLAT.createPoint(new Coordinate(106, 29.8)),
                props("名称", "甲", "状态", "done", "开工日期", "2024年3月1日")));
        rows.add(new UploadFeature(Crs.LONLAT.createPoint(new Coordinate(106, 29.8)),
                props("名称", "乙", "状态", "某状态", "开工日期", "2024/13/01")));
        LayerMapping m = new LayerMapping("projects", Map.of("名称", "name", "状态", "status", "开工日期", "start"),
                null, true, LayerMapping.Mode.REPLACE);
        OnboardingPreview.Result p = OnboardingPreview.preview(upload(fields, rows), m, projects, List.of(),
                OnboardingPreview.Places.none(), AT);
        assertEquals("2024-03-01", p.features().get(0).properties().get("start"));
        assertEquals(2, p.problemCount(), p.problems().toString());
        assertEquals(2, p.diff().added());
        assertFalse(p.features().get(0).id().equals(p.features().get(1).id()));
        assertEquals(Values.Result.ok(true), Values.convert(CATALOG.layer("water_works").orElseThrow()
                .field("quality_pass").orElseThrow(), "是"));
        assertEquals("500151103202", Values.text(5.00151103202E11));
    }

    @Test
    void aMappingOntoAnUnknownFieldIsRefusedNamingIt() {
        LayerMapping m = new LayerMapping("villages", Map.of("村名", "nom"), null, true, null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OnboardingPreview.preview(
                upload(CN_FIELDS, List.of()), m, VILLAGES, List.of(), OnboardingPreview.Places.none(), AT));
        assertTrue(e.getMessage().startsWith("mapping:"), e.getMessage());
    }
}
