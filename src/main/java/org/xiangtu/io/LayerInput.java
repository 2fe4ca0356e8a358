package org.xiangtu.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;

/**
 * One layer's features for an import, handed over one by one: from a list already read, or from a
 * file that is read and checked while the features go to the store. {@link #read} may be called
 * once per import; it throws a {@link DataException} naming the file, the feature and the field when
 * a feature is refused (after handing on the features before it).
 */
public interface LayerInput {
    /** The file the features come from, as errors name it. */
    String source();

    /** Hands every feature to {@code sink}, in file order; returns how many. */
    long read(Consumer<? super Feature> sink);

    /** Features already read and checked. */
    static LayerInput of(String source, List<Feature> features) {
        return new LayerInput() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public long read(Consumer<? super Feature> sink) {
                features.forEach(sink);
                return features.size();
            }
        };
    }

    /** A GeoJSON file, streamed through {@link GeoJsonLayerReader#stream}. */
    static LayerInput geoJson(LayerDef layer, Path file, String source) {
        return new LayerInput() {
            @Override
            public String source() {
                return source;
            }

            @Override
            public long read(Consumer<? super Feature> sink) {
                try (InputStream in = Files.newInputStream(file)) {
                    return GeoJsonLayerReader.stream(layer, in, source, sink);
                } catch (IOException e) {
                    throw new DataException(source + ": cannot read: " + e.getMessage(), e);
                }
            }
        };
    }
}
