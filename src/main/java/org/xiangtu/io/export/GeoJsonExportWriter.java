package org.xiangtu.io.export;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import org.xiangtu.geo.GeoJsonGeometry;
import org.xiangtu.store.Feature;

/**
 * Streams an export as an RFC 7946 FeatureCollection: {@code id} is the feature id, {@code properties}
 * hold exactly the layer's fields in field order (typed per {@link ExportValues}; absent ones as
 * {@code null}), coordinates are written as stored (EPSG:4490 lon/lat, which RFC 7946 readers take as
 * WGS 84 — the two differ by well under a metre). The collection also carries the foreign member
 * {@code name} (the layer name), which GDAL uses as the layer name.
 */
final class GeoJsonExportWriter {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private GeoJsonExportWriter() {
    }

    static void write(ExportLayer layer, OutputStream out) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeStringField("name", layer.name());
            g.writeArrayFieldStart("features");
            for (Feature f : layer.features()) {
                writeFeature(g, layer, f);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private static void writeFeature(JsonGenerator g, ExportLayer layer, Feature f) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", f.id());
        g.writeFieldName("geometry");
        GeoJsonGeometry.write(g, layer.geometryKind().isSpatial() ? f.geometry() : null);
        g.writeObjectFieldStart("properties");
        for (ExportField field : layer.fields()) {
            g.writeFieldName(field.name());
            org.xiangtu.geo.JsonValues.write(g, ExportValues.value(f, field));
        }
        g.writeEndObject();
        g.writeEndObject();
    }
}
