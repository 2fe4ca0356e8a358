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
import org.xiangtu.geo.JsonValues;
import org.xiangtu.store.GeoJsonPage;
import org.xiangtu.store.GeometryJson;

/** Writes features and feature collections (RFC 7946 + OGC API members) straight to a stream. */
public final class FeatureJson {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .build();

    private static final int HEAD_BYTES = 8192;

    private FeatureJson() {
    }

    /**
     * Writes a page as a FeatureCollection. Geometry the store already rendered as GeoJSON is copied
     * as is. {@code answer} is not closed.
     */
    public static void writeCollection(OutputStream answer, GeoJsonPage page, List<Link> links, Instant timeStamp)
            throws IOException {
        // the first 8 KiB go out in one write, so that the answer can be compressed (see HeadBufferedOutputStream)
        HeadBufferedOutputStream out = new HeadBufferedOutputStream(answer, HEAD_BYTES);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("type", "FeatureCollection");
            g.writeStringField("timeStamp", timeStamp.toString());
            g.writeNumberField("numberMatched", page.numberMatched());
            g.writeNumberField("numberReturned", page.size());
            g.writeArrayFieldStart("features");
            page.features().write(g);
            g.writeEndArray();
            writeLinks(g, links);
            g.writeEndObject();
        }
        out.finish();
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
        g.writeFieldName("properties");
        JsonValues.writeObject(g, properties);
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
