package org.xiangtu.io.export;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.store.Feature;
import org.xiangtu.store.geopackage.GeoPackageWriter;

/**
 * Writes an export as a GeoPackage 1.3 file through the one GeoPackage writer
 * ({@link GeoPackageWriter}, the store's too): one table named after the layer with an INTEGER primary
 * key {@code fid}, the feature id as TEXT column {@code id}, one typed column per field and, for a
 * spatial layer, geometry column {@code geom} of the layer's type in EPSG:4490 lon/lat with an R-tree
 * index; a layer without geometry becomes an attributes table. Field titles go to
 * {@code gpkg_data_columns}; the contents' identifier and description are the layer's title.
 *
 * <p>A Polygon in a MULTIPOLYGON layer (or a LineString in a MULTILINESTRING one), as a drawn selection
 * may yield, is written as a one-part multi geometry; any other geometry that does not fit the layer's
 * type is an {@link IllegalArgumentException}, and nothing reaches the stream.
 *
 * <p>The file is written to a temporary file (SQLite needs random access), then copied to the stream
 * and deleted.
 */
final class GeoPackageExportWriter {
    private GeoPackageExportWriter() {
    }

    static void write(ExportLayer layer, OutputStream out) throws IOException {
        Path tmp = Files.createTempFile("xiangtu-export-", ".gpkg");
        Path journal = Path.of(tmp + "-journal");
        try {
            Files.delete(tmp); // the GeoPackage manager insists on creating the file itself
            writeFile(layer, tmp);
            Files.copy(tmp, out);
            out.flush();
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(journal);
        }
    }

    /** Writes the layer to a new GeoPackage at {@code file} (which must not exist). */
    static void writeFile(ExportLayer layer, Path file) throws IOException {
        List<GeoPackageWriter.Column> columns = new ArrayList<>();
        for (ExportField f : layer.fields()) {
            columns.add(new GeoPackageWriter.Column(f.name(), f.type(), f.title()));
        }
        GeoPackageWriter.Table table = new GeoPackageWriter.Table(layer.name(),
                layer.title() == null ? layer.name() : layer.title(), layer.title() == null ? "" : layer.title(),
                layer.geometryKind(), columns, false, false);
        try (GeoPackageWriter writer = GeoPackageWriter.create(file.toFile())) {
            writer.write(table, converted(layer));
        } catch (IOException e) {
            throw new IOException("cannot write GeoPackage for " + layer.name() + ": " + e.getMessage(), e);
        }
    }

    /** The features with each value brought to its field's type ({@link ExportValues}), one at a time. */
    private static Iterator<Feature> converted(ExportLayer layer) {
        Iterator<Feature> features = layer.features().iterator();
        boolean spatial = layer.geometryKind().isSpatial();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return features.hasNext();
            }

            @Override
            public Feature next() {
                Feature f = features.next();
                Map<String, Object> values = new LinkedHashMap<>();
                for (ExportField field : layer.fields()) {
                    values.put(field.name(), ExportValues.value(f, field));
                }
                return new Feature(f.id(), spatial ? f.geometry() : null, values);
            }
        };
    }
}
