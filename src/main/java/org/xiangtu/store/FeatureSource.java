package org.xiangtu.store;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.catalog.LayerDef;

/**
 * One layer's features, handed over one at a time: how every reader hands features on (a GeoJSON
 * file, a GeoPackage table, a zipped Shapefile, a CSV table; the readers live in {@code io/} and
 * {@code store/geopackage/}) and how every store and writer takes them, so a layer is never whole in
 * memory on its way from a file to a store.
 *
 * <p>What the features look like depends on who made the source: a reader hands them on as the file
 * holds them (geometry in the file's coordinates, values as read, no id where the file has none); a
 * source checked against the catalogue ({@code io/LayerFiles}) hands on features that fit the
 * layer: string id, geometry of the layer's kind in EPSG:4490 lon/lat (x = lon) or null, one property
 * per catalogue field in catalogue order (String, Long, Double, Boolean or null; dates
 * {@code YYYY-MM-DD}) and {@code updated_at} last (RFC 3339, UTC).
 *
 * <p>{@link #hasNext()} reads ahead, so it, like {@link #next()}, may throw: a {@link DataException}
 * naming the file, the feature and the field for a refused feature, or the reader's own exception. The
 * features before it have been handed on already: a consumer that must be all or nothing keeps its
 * writes undoable (a transaction, a temporary file). A source is read once, by one thread. {@link #close()}
 * releases the file (idempotent; also after an error); a reader may open its file on the first
 * {@link #hasNext()}, so making a source is cheap and fails only for what can be known up front.
 */
public interface FeatureSource extends Iterator<Feature>, AutoCloseable {

    /** Where the features come from, as messages name it: a file (e.g. {@code data/villages.geojson}). */
    String source();

    /** The geometry the features have; {@code NONE} for a table without geometry, {@code GEOMETRY} when mixed or unknown. */
    GeometryKind geometryKind();

    /** The fields, in column order; the keys of a feature's properties (a checked source adds {@code updated_at}). */
    List<Field> fields();

    /** Releases the file; never throws for a file already read. */
    @Override
    void close();

    /** A field: its name as the properties key it and its type. */
    record Field(String name, FieldType type) {
        public Field {
            if (name == null || type == null) {
                throw new IllegalArgumentException("a field needs a name and a type");
            }
        }

        /** The catalogue fields of a layer, without titles and visibility. */
        public static List<Field> of(LayerDef layer) {
            return layer.fields().stream().map(Field::of).toList();
        }

        public static Field of(FieldDef f) {
            return new Field(f.name(), f.type());
        }
    }

    /** Features already in memory (checked or not, as the caller says), in list order. */
    static FeatureSource of(String source, GeometryKind kind, List<Field> fields, Iterable<? extends Feature> features) {
        Iterator<? extends Feature> it = features.iterator();
        return new ReadAhead(source, kind, fields) {
            @Override
            protected Feature read() {
                return it.hasNext() ? it.next() : null;
            }
        };
    }

    /** A catalogue layer's features already in memory and checked. */
    static FeatureSource of(String source, LayerDef layer, List<Feature> features) {
        return of(source, layer.geometry(), Field.of(layer), features);
    }

    /**
     * A source that reads one feature ahead: a reader says how to read the next feature ({@link #read()},
     * null at the end) and what to release ({@link #release()}); {@code hasNext}, {@code next} and
     * {@code close} follow from them.
     */
    abstract class ReadAhead implements FeatureSource {
        private final String source;
        private final GeometryKind kind;
        private final List<Field> fields;
        private Feature next;
        private boolean done;
        private boolean closed;

        protected ReadAhead(String source, GeometryKind kind, List<Field> fields) {
            this.source = source;
            this.kind = kind;
            this.fields = List.copyOf(fields);
        }

        /** The next feature, or null when there is none; may throw for a refused one. */
        protected abstract Feature read();

        /** Releases the file (called once, by {@link #close()}); nothing by default. */
        protected void release() {
        }

        @Override
        public String source() {
            return source;
        }

        @Override
        public GeometryKind geometryKind() {
            return kind;
        }

        @Override
        public List<Field> fields() {
            return fields;
        }

        @Override
        public final boolean hasNext() {
            if (next == null && !done) {
                next = read();
                done = next == null;
            }
            return next != null;
        }

        @Override
        public final Feature next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Feature f = next;
            next = null;
            return f;
        }

        @Override
        public final void close() {
            next = null;
            done = true;
            if (!closed) {
                closed = true;
                release();
            }
        }
    }
}
