package org.xiangtu.io.upload;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.catalog.GeometryKind;
import org.xiangtu.store.Feature;
import org.xiangtu.store.FeatureSource;

/**
 * A zipped Shapefile: geometry from the {@code .shp}, attributes from the {@code .dbf} in the charset the
 * {@code .cpg} names (else UTF-8 when the bytes are valid UTF-8, else GBK), CRS from the {@code .prj}.
 */
final class ShapefileUpload {
    private ShapefileUpload() {
    }

    static RawLayer read(Path zip, UploadOptions options, Budget budget, UploadLimits limits) {
        ShapefileZip.Parts parts = ShapefileZip.read(zip, limits);
        RawLayer layer = new RawLayer("shapefile", parts.baseName());
        byte[] dbfBytes = parts.get("dbf");
        Charset charset = charset(dbfBytes, parts.get("cpg"), options.encoding(), layer);
        layer.encoding = Texts.label(charset);
        if (parts.get("shx") == null) {
            layer.warnings.add("the zip has no .shx; the .shp was read without it");
        }
        byte[] prj = parts.get("prj");
        if (prj != null && (options.crs() == null || options.crs().isBlank())) {
            layer.crs = SourceCrs.fromPrj(new String(prj, StandardCharsets.UTF_8).replace("\uFEFF", ""));
        }
        DbfReader dbf = new DbfReader(dbfBytes, charset, layer.warnings);
        ShpReader shp = new ShpReader(parts.get("shp"), budget, layer.warnings);
        List<FeatureSource.Field> fields = dbf.fields().stream()
                .map(f -> new FeatureSource.Field(f.name(), f.type())).toList();
        layer.features = new Records(shp, dbf, fields, budget, layer.warnings);
        return layer;
    }

    /**
     * The records, read one at a time: geometry from the .shp, attributes from the .dbf, deleted records
     * skipped; a warning when the two hold different numbers of records (known at the end).
     */
    private static final class Records extends FeatureSource.ReadAhead {
        private final ShpReader shp;
        private final DbfReader dbf;
        private final Budget budget;
        private final List<String> warnings;
        private int i;

        Records(ShpReader shp, DbfReader dbf, List<Field> fields, Budget budget, List<String> warnings) {
            super("shapefile", GeometryKind.GEOMETRY, fields);
            this.shp = shp;
            this.dbf = dbf;
            this.budget = budget;
            this.warnings = warnings;
        }

        @Override
        protected Feature read() {
            while (shp.hasNext() && i < dbf.size()) {
                boolean deleted = dbf.isDeleted(i);
                if (!deleted) {
                    budget.feature();
                }
                Geometry g = shp.next();
                i++;
                if (!deleted) {
                    return new Feature(Integer.toString(i - 1), g, dbf.record(i - 1)); // GDAL's FID
                }
            }
            if (shp.hasNext() || i < dbf.size()) {
                warnings.add("the .shp and .dbf hold different numbers of records; read the first " + i);
            }
            return null;
        }
    }

    private static Charset charset(byte[] dbf, byte[] cpg, String override, RawLayer layer) {
        if (override != null && !override.isBlank()) {
            return Texts.named(override, "encoding");
        }
        if (cpg != null) {
            String name = new String(cpg, StandardCharsets.US_ASCII).strip();
            if (!name.isEmpty()) {
                return Texts.named(name, "file.cpg");
            }
        }
        if (DbfReader.isUtf8(dbf)) {
            return StandardCharsets.UTF_8;
        }
        layer.warnings.add("no .cpg and the text is not UTF-8: read as GBK");
        return Texts.GBK;
    }
}
