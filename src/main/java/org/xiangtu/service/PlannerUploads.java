package org.xiangtu.service;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.io.upload.ParsedUpload;
import org.xiangtu.io.upload.UploadFeature;
import org.xiangtu.io.upload.UploadField;
import org.xiangtu.io.upload.UploadReader;
import org.xiangtu.edit.PlannerLayers;
import org.xiangtu.store.PlannerLayerStore;

/**
 * The glue between a read upload ({@code io/upload}) and a planner layer's {@link PlannerLayers.Import}:
 * fields get safe names (the original names kept as titles), each feature's properties are keyed by
 * those names, and the report becomes plain JSON values. The only place the planner layers meet the
 * upload readers' types.
 */
public final class PlannerUploads {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlannerUploads() {
    }

    /** The upload as an import: its features as a stream over the upload's list. */
    public static PlannerLayers.Import of(ParsedUpload upload) {
        List<UploadField> source = upload.fields();
        List<String> names = UploadReader.columnNames(source);
        List<PlannerLayerStore.Field> fields = new ArrayList<>();
        for (int i = 0; i < source.size(); i++) {
            fields.add(new PlannerLayerStore.Field(names.get(i), source.get(i).name(), source.get(i).type()));
        }
        Iterable<PlannerLayerStore.NewFeature> features = () -> upload.features().stream()
                .map(f -> feature(f, source, names)).iterator();
        Map<String, Object> report = JSON.convertValue(upload.report(), new TypeReference<>() { });
        return new PlannerLayers.Import(upload.geometryKind(), fields, features, upload.features().size(), report,
                upload.report().repaired(), upload.report().dropped());
    }

    private static PlannerLayerStore.NewFeature feature(UploadFeature f, List<UploadField> source, List<String> names) {
        Map<String, Object> props = new LinkedHashMap<>();
        for (int i = 0; i < source.size(); i++) {
            props.put(names.get(i), f.properties().get(source.get(i).name()));
        }
        return new PlannerLayerStore.NewFeature(f.geometry(), props);
    }
}
