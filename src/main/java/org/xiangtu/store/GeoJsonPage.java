package org.xiangtu.store;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.util.List;
import org.xiangtu.geo.JsonValues;

/**
 * One items page ready to be written as GeoJSON: how many features it holds, how many match the
 * query in all pages, and how to write its features. A store may render the features itself (the
 * PostGIS store copies the bytes it built from the rows, see {@code GeoJsonRows}); {@link #of}
 * writes JTS features with Jackson.
 *
 * @param size features on this page
 * @param numberMatched features matching the query in all pages
 * @param features writes the page's features as the elements of the array the generator has just opened
 */
public record GeoJsonPage(int size, long numberMatched, Elements features) {

    /** Writes features as array elements: each a complete Feature object, comma-separated. */
    @FunctionalInterface
    public interface Elements {
        /**
         * Writes the elements into the array {@code g} has just opened (called once, right after
         * {@code writeStartArray}; the caller closes the array).
         */
        void write(JsonGenerator g) throws IOException;
    }

    /** A page of features held as objects (JTS or spliced geometry, a property map each). */
    public static GeoJsonPage of(List<GeoJsonFeature> features, long numberMatched) {
        List<GeoJsonFeature> copy = List.copyOf(features);
        return new GeoJsonPage(copy.size(), numberMatched, g -> {
            for (GeoJsonFeature f : copy) {
                writeFeature(g, f);
            }
        });
    }

    /** A page of JTS features. */
    public static GeoJsonPage of(FeaturePage page) {
        return of(page.features().stream().map(GeoJsonFeature::of).toList(), page.numberMatched());
    }

    /** One Feature object: type, id, geometry, properties (in the map's order). */
    public static void writeFeature(JsonGenerator g, GeoJsonFeature f) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", "Feature");
        g.writeStringField("id", f.id());
        g.writeFieldName("geometry");
        f.geometry().write(g);
        g.writeFieldName("properties");
        JsonValues.writeObject(g, f.properties());
        g.writeEndObject();
    }
}
