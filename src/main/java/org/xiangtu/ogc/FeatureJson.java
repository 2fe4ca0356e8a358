package org.xiangtu.ogc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.xiangtu.store.Feature;
import org.xiangtu.store.GeoJsonFeature;
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.GeometryJson;

/** Writes features and feature collections (RFC 7946 + OGC API members) straight to a stream. */
public final class FeatureJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private FeatureJson() {
    }

    /**
     * Writes a page as a FeatureCollection. Geometry the store already rendered as GeoJSON is copied
     * as is. {@code out} is not closed.
     */
    public static void writeCollection(OutputStream out, GeoJsonPage page, List<Link> links, Instant timeStamp)
            throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeStringField("timeStamp", timeStamp.toString());
            g.writeNumberField("numberMatched", page.numberMatched());
            g.writeNumberField("numberReturned", page.features().size());
            g.writeArrayFieldStart("features");
            for (GeoJsonFeature f : page.features()) {
                writeFeature(g, f.id(), f.geometry(), f.properties(), null);
            }
            g.writeEndArray();
            writeLinks(g, links);
            g.writeEndObject();
        }
    }

    public static void writeOne(OutputStream out, Feature feature, List<Link> links) throws IOException {
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            writeFeature(g, feature.id(), GeometryJson.of(feature.geometry()), feature.properties(), links);
        }
    }

    private static void writeFeature(JsonGenerator g, String id, GeometryJson geometry, Map<String, Object> properties,
            List<Link> links) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", id);
        g.writeFieldName("geometry");
        geometry.write(g);
        g.writeObjectFieldStart("properties");
        for (Map.Entry<String, Object> p : properties.entrySet()) {
            g.writeFieldName(p.getKey());
            org.xiangtu.io.JsonValues.write(g, p.getValue());
        }
        g.writeEndObject();
        if (links != null) {
            writeLinks(g, links);
        }
        g.writeEndObject();
    }

    private static void writeLinks(JsonGenerator g, List<Link> links) throws IOException {
        g.writeArrayFieldStart("links");
        for (Link l : links) {
            g.writeStartObject();
            g.writeStringField("href", l.href());
            g.writeStringField("rel", l.rel());
            if (l.type() != null) {
                g.writeStringField("type", l.type());
            }
            if (l.title() != null) {
                g.writeStringField("title", l.title());
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }
}
