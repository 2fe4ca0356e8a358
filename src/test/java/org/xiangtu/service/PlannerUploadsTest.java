package org.xiangtu.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.locationtech.jts.io.WKTReader;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.geo.Crs;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadReport;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.store.PlannerLayerStore;

/** The glue from a read upload to a planner layer's import: safe names, titles kept, properties re-keyed. */
class PlannerUploadsTest {

    @Test
    void an_upload_becomes_an_import_with_safe_field_names_and_its_report() throws Exception {
        WKTReader wkt = new WKTReader(Crs.LONLAT);
        List<UploadField> fields = List.of(new UploadField("村名", FieldType.STRING),
                new UploadField("Area (mu)", FieldType.NUMBER));
        List<UploadFeature> features = List.of(
                new UploadFeature(wkt.read("POINT (106.05 29.85)"), Map.of("村名", "石鱼", "Area (mu)", 12.5)),
                new UploadFeature(null, Map.of("村名", "无图", "Area (mu)", 3.0)));
        ParsedUpload upload = new ParsedUpload("villages", GeometryKind.POINT, fields, features,
                new UploadReport("geojson", "EPSG:4490", null, null, 2, 1, List.of(), 0, 0, false, List.of()));

        PlannerLayers.Import in = PlannerUploads.of(upload);
        assertThat(in.geometryKind()).isEqualTo(GeometryKind.POINT);
        assertThat(in.fields()).containsExactly(new PlannerLayerStore.Field("村名", "村名", FieldType.STRING),
                new PlannerLayerStore.Field("area_mu", "Area (mu)", FieldType.NUMBER));
        assertThat(in.count()).isEqualTo(2);
        assertThat(in.repaired()).isEqualTo(1);
        assertThat(in.dropped()).isZero();
        assertThat(in.report()).containsEntry("sourceCrs", "EPSG:4490").containsEntry("format", "geojson");
        List<PlannerLayerStore.NewFeature> out = new ArrayList<>();
        in.features().forEach(out::add);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).geometry().toText()).isEqualTo("POINT (106.05 29.85)");
        assertThat(out.get(0).properties()).containsExactly(Map.entry("村名", "石鱼"), Map.entry("area_mu", 12.5));
        assertThat(out.get(1).geometry()).isNull();
    }
}
