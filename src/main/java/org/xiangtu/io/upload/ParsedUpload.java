package org.xiangtu.io.upload;

import java.util.List;
import org.xiangtu.catalog.GeometryKind;

/**
 * A read upload: a suggested layer name, the geometry kind (single types promoted to multi; GEOMETRY when
 * mixed; NONE when no feature has a geometry), the fields in source order, the features and the report.
 */
public record ParsedUpload(String suggestedName, GeometryKind geometryKind, List<UploadField> fields,
        List<UploadFeature> features, UploadReport report) {

    public ParsedUpload {
        fields = List.copyOf(fields);
        features = List.copyOf(features);
    }
}
