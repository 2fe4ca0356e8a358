package org.xiangtu.io.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The parts of the one Shapefile inside a zip, read into memory with the zip's safety checks: no entry
 * name may climb out ({@code ..}, absolute, drive letter, backslashes), at most {@code maxZipEntries}
 * entries, and the bytes actually inflated (not the sizes the headers claim) stay under
 * {@code maxUnzippedBytes}. Subfolders are fine; macOS resource forks are ignored.
 */
final class ShapefileZip {
    /** The parts, by lower-case extension without the dot: shp, shx, dbf, prj, cpg. */
    record Parts(String baseName, Map<String, byte[]> files) {
        byte[] get(String ext) {
            return files.get(ext);
        }
    }

    private static final List<String> PARTS = List.of("shp", "dbf", "shx", "prj", "cpg");

    private ShapefileZip() {
    }

    static Parts read(Path zip, UploadLimits limits) {
        try (ZipFile zf = open(zip)) {
            List<ZipEntry> entries = entries(zf, limits);
            ZipEntry shp = theShp(entries);
            String stem = shp.getName().substring(0, shp.getName().length() - 4);
            Map<String, ZipEntry> byExt = new HashMap<>();
            for (ZipEntry e : entries) {
                String n = e.getName();
                int dot = n.lastIndexOf('.');
                if (dot > 0 && n.substring(0, dot).equalsIgnoreCase(stem)) {
                    String ext = n.substring(dot + 1).toLowerCase(Locale.ROOT);
                    if (PARTS.contains(ext)) {
                        byExt.put(ext, e);
                    }
                }
            }
            if (!byExt.containsKey("dbf")) {
                throw UploadException.bad("file.dbf", "the zip has no .dbf beside " + shp.getName());
            }
            long declared = byExt.values().stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
            if (declared > limits.maxUnzippedBytes()) {
                throw tooBig(limits);
            }
            Map<String, byte[]> files = new HashMap<>();
            long[] total = {0};
            for (Map.Entry<String, ZipEntry> e : byExt.entrySet()) {
                files.put(e.getKey(), inflate(zf, e.getValue(), total, limits));
            }
            String base = stem.substring(stem.lastIndexOf('/') + 1);
            return new Parts(base, files);
        } catch (ZipException e) {
            throw corrupt(e);
        } catch (IOException e) {
            throw corrupt(e);
        }
    }

    private static ZipFile open(Path zip) throws IOException {
        try {
            return withNames(zip, StandardCharsets.UTF_8);
        } catch (ZipException | IllegalArgumentException e) {
            // names may not be UTF-8: Chinese Windows zips them in GBK
            try {
                return withNames(zip, Charset.forName("GBK"));
            } catch (ZipException | IllegalArgumentException again) {
                throw e instanceof ZipException z ? z : new ZipException(e.getMessage());
            }
        }
    }

    private static ZipFile withNames(Path zip, Charset names) throws IOException {
        ZipFile zf = new ZipFile(zip.toFile(), names);
        try {
            zf.stream().forEach(ZipEntry::getName);
            return zf;
        } catch (IllegalArgumentException e) {
            zf.close();
            throw e;
        }
    }

    private static List<ZipEntry> entries(ZipFile zf, UploadLimits limits) {
        if (zf.size() > limits.maxZipEntries()) {
            throw UploadException.bad("file", "the zip has " + zf.size() + " entries; at most "
                    + limits.maxZipEntries() + " are allowed");
        }
        List<ZipEntry> out = new ArrayList<>();
        Enumeration<? extends ZipEntry> en = zf.entries();
        while (en.hasMoreElements()) {
            ZipEntry e = en.nextElement();
            checkName(e.getName());
            String leaf = e.getName().substring(e.getName().lastIndexOf('/') + 1);
            if (!e.isDirectory() && !e.getName().startsWith("__MACOSX/") && !leaf.startsWith("._")) {
                out.add(e);
            }
        }
        return out;
    }

    /** Refuses names that would land outside a folder they were extracted to. */
    static void checkName(String name) {
        String n = name.replace('\\', '/');
        boolean climbs = n.startsWith("/") || n.matches("^[A-Za-z]:.*") || name.contains("\\")
                || List.of(n.split("/")).contains("..") || n.indexOf('\0') >= 0;
        if (climbs) {
            throw UploadException.bad("file", "the zip entry '" + name + "' points outside the zip; refused");
        }
    }

    private static ZipEntry theShp(List<ZipEntry> entries) {
        List<ZipEntry> shps = entries.stream()
                .filter(e -> e.getName().toLowerCase(Locale.ROOT).endsWith(".shp")).toList();
        if (shps.isEmpty()) {
            throw UploadException.bad("file", "the zip holds no Shapefile (.shp)");
        }
        if (shps.size() > 1) {
            throw UploadException.bad("file", "the zip holds " + shps.size() + " Shapefiles; upload one at a time");
        }
        return shps.get(0);
    }

    private static byte[] inflate(ZipFile zf, ZipEntry e, long[] total, UploadLimits limits) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try (InputStream in = zf.getInputStream(e)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total[0] += n;
                if (total[0] > limits.maxUnzippedBytes()) {
                    throw tooBig(limits);
                }
                out.write(buf, 0, n);
            }
        }
        return out.toByteArray();
    }

    private static UploadException tooBig(UploadLimits limits) {
        return UploadException.tooLarge("file", "the zip unpacks to more than " + limits.maxUnzippedBytes()
                + " bytes; refused");
    }

    private static UploadException corrupt(IOException e) {
        return new UploadException(400, "file", "not a readable zip (truncated or damaged): " + e.getMessage(), e);
    }
}
