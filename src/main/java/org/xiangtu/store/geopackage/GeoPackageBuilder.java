package org.xiangtu.store.geopackage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.store.DataException;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * Builds the GeoPackage store from the catalogue and each layer's features, through the one
 * {@link GeoPackageWriter}: one feature table per spatial layer (EPSG:4490, R-tree indexed, unique
 * index on {@code id}, {@code updated_at}), one attributes table per layer without geometry. The
 * features are streamed from their sources into the file (one layer in memory never), which is
 * written under a temporary name next to the target and renamed over it only when complete, so a
 * crash or a refused feature never leaves a half-built store.
 */
public final class GeoPackageBuilder {
    private static final Logger LOG = LoggerFactory.getLogger(GeoPackageBuilder.class);
    static final String KEY_FINGERPRINT = "data_fingerprint";
    static final String KEY_SOURCE = "source";
    static final String KEY_BUILT_AT = "built_at";

    /** What a build wrote. */
    public record Result(int layers, long features) {
    }

    private GeoPackageBuilder() {
    }

    /** A digest of the catalogue and every data file, to tell whether a store is out of date. */
    public static String fingerprint(Catalog catalog, DataSource data) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            List<String> files = new ArrayList<>();
            files.add(DataSource.CATALOG);
            catalog.layers().stream().map(LayerDef::file).filter(f -> f != null).forEach(files::add);
            for (String file : files) {
                try (InputStream in = data.open(file)) {
                    md.update(file.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    md.update(in.readAllBytes());
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new DataException("cannot read data: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes {@code layers} (features already checked against the catalogue) to a new GeoPackage at
     * {@code target}, replacing it atomically.
     *
     * @param source what the data came from, recorded in the file ("data" for the data folder)
     * @param fingerprint recorded so a later start can tell whether the data changed; may be null
     */
    public static void build(Catalog catalog, Map<String, List<Feature>> layers, Path target,
            String source, String fingerprint) {
        Map<String, FeatureSource> sources = new LinkedHashMap<>();
        for (LayerDef layer : catalog.layers()) {
            List<Feature> features = layers.get(layer.id());
            if (features != null) {
                sources.put(layer.id(), FeatureSource.of(layer.id(), layer, features));
            }
        }
        buildFrom(catalog, sources, target, source, fingerprint);
    }

    /**
     * Streams each layer's source (features checked against the catalogue, e.g. a data file read as
     * it goes) into a new GeoPackage at {@code target}, replacing it atomically once every layer is
     * written; a catalogue layer without a source gets an empty table. Every source is closed. When a
     * source refuses a feature (a {@link DataException} naming the file, the feature and the field) or
     * SQLite refuses a row, the temporary file is deleted and {@code target} stays as it was.
     *
     * @param source what the data came from, recorded in the file ("data" for the data folder)
     * @param fingerprint recorded so a later start can tell whether the data changed; may be null
     */
    public static Result buildFrom(Catalog catalog, Map<String, FeatureSource> layers, Path target,
            String source, String fingerprint) {
        try {
            return buildOpen(catalog, layers, target, source, fingerprint);
        } finally {
            layers.values().forEach(FeatureSource::close);
        }
    }

    private static Result buildOpen(Catalog catalog, Map<String, FeatureSource> layers, Path target,
            String source, String fingerprint) {
        Path dir = target.toAbsolutePath().getParent();
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, target.getFileName().toString() + ".", ".tmp.gpkg");
            Files.delete(tmp); // the GeoPackage manager insists on creating the file itself
            try {
                Result result = write(catalog, layers, tmp, source, fingerprint);
                try {
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
                }
                return result;
            } finally {
                Files.deleteIfExists(tmp);
                Files.deleteIfExists(Path.of(tmp + "-journal"));
            }
        } catch (IOException e) {
            throw new DataException("cannot write " + target + ": " + e.getMessage(), e);
        }
    }

    private static Result write(Catalog catalog, Map<String, FeatureSource> layers, Path file,
            String source, String fingerprint) throws IOException {
        long n = 0;
        try (GeoPackageWriter writer = GeoPackageWriter.create(file.toFile())) {
            for (LayerDef layer : catalog.layers()) {
                FeatureSource given = layers.get(layer.id());
                try (FeatureSource features = given != null ? given : FeatureSource.of(layer.id(), layer, List.of())) {
                    n += writer.write(table(catalog, layer), features);
                }
            }
            Map<String, String> info = new LinkedHashMap<>();
            info.put(KEY_SOURCE, source);
            info.put(KEY_FINGERPRINT, fingerprint);
            info.put(KEY_BUILT_AT, Instant.now().toString());
            writer.buildInfo(info);
        }
        LOG.debug("wrote {}", file);
        return new Result(catalog.layers().size(), n);
    }

    /** The layer's table: its catalogue fields, {@code updated_at}, unique ids; titles in both languages. */
    private static GeoPackageWriter.Table table(Catalog catalog, LayerDef layer) {
        List<GeoPackageWriter.Column> columns = new ArrayList<>();
        for (FieldDef f : layer.fields()) {
            columns.add(new GeoPackageWriter.Column(f.name(), f.type(), null));
        }
        return new GeoPackageWriter.Table(layer.id(), layer.title().zh() + " / " + layer.title().en(),
                description(catalog, layer), layer.geometry(), columns, true, true);
    }

    private static String description(Catalog catalog, LayerDef layer) {
        String d = layer.description() == null ? "" : layer.description().zh() + " / " + layer.description().en();
        if (layer.synthetic() && catalog.notice() != null) {
            d = d + (d.isEmpty() ? "" : " — ") + catalog.notice().zh() + " / " + catalog.notice().en();
        }
        return d;
    }

    /** GeoPackage DATETIME is {@code YYYY-MM-DDTHH:MM:SS.SSSZ}. */
    static String gpkgDateTime(String rfc3339) {
        return GeoPackageWriter.gpkgDateTime(rfc3339);
    }
}
