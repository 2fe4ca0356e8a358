package org.xiangtu.io.upload;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.locationtech.jts.geom.Geometry;

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
        if (prj != null && options.crs() == null) {
            layer.crs = SourceCrs.fromPrj(new String(prj, StandardCharsets.UTF_8).replace("\uFEFF", ""));
        }
        DbfReader dbf = new DbfReader(dbfBytes, charset, layer.warnings);
        layer.fields.addAll(dbf.fields());
        ShpReader shp = new ShpReader(parts.get("shp"), budget, layer.warnings);
        int i = 0;
        while (shp.hasNext() && i < dbf.size()) {
            boolean deleted = dbf.isDeleted(i);
            if (!deleted) {
                budget.feature();
            }
            Geometry g = shp.next();
            if (!deleted) {
                layer.rows.add(new RawLayer.Row(g, dbf.record(i)));
            }
            i++;
        }
        if (shp.hasNext() || i < dbf.size()) {
            layer.warnings.add("the .shp and .dbf hold different numbers of records; read the first " + i);
        }
        return layer;
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
