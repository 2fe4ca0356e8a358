package org.xiangtu.io.upload;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.locationtech.jts.geom.Coordinate;

/**
 * The coordinates of an ECharts map file ({@code "UTF8Encoding": true}), as the files that web maps of China
 * ship are written: each line or ring is a string whose characters hold, two by two, the x and y steps from
 * the previous vertex, in units of {@code 1 / scale} degree ({@code UTF8Scale}, 1024 by default), each step
 * zig-zag encoded (0, −1, 1, −2, … as 0, 1, 2, 3, …) and shifted by 64 into a character; the first vertex
 * steps from the ring's {@code encodeOffsets} pair. A geometry's {@code encodeOffsets} nest as its
 * coordinates do (a pair per string). Decoded vertices count against the upload's budget.
 */
final class EChartsCoordinates {
    static final double DEFAULT_SCALE = 1024;

    private EChartsCoordinates() {
    }

    /**
     * The coordinates as {@link GeoJsonUpload} builds geometries from them: a string becomes a List of
     * Coordinates, a list of strings a List of those, and so on, each string with its offsets pair.
     */
    static Object decode(Object coordinates, JsonNode offsets, double scale, Budget budget, String where) {
        if (coordinates instanceof String s) {
            if (!isPair(offsets)) {
                throw UploadException.bad("file", where + "an encoded line needs an encodeOffsets pair [x, y]");
            }
            return line(s, offsets.get(0).asLong(), offsets.get(1).asLong(), scale, budget, where);
        }
        if (coordinates instanceof List<?> list) {
            if (offsets == null || !offsets.isArray() || offsets.size() != list.size()) {
                throw UploadException.bad("file", where + "encodeOffsets do not match the encoded coordinates");
            }
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(decode(list.get(i), offsets.get(i), scale, budget, where));
            }
            return out;
        }
        throw UploadException.bad("file", where + "encoded coordinates must be strings");
    }

    private static boolean isPair(JsonNode n) {
        return n != null && n.isArray() && n.size() == 2 && n.get(0).isNumber() && n.get(1).isNumber();
    }

    private static List<Coordinate> line(String s, long x0, long y0, double scale, Budget budget, String where) {
        if (s.length() % 2 != 0) {
            throw UploadException.bad("file", where + "an encoded line has an odd number of characters");
        }
        List<Coordinate> out = new ArrayList<>(s.length() / 2);
        long x = x0;
        long y = y0;
        for (int i = 0; i < s.length(); i += 2) {
            if (budget != null) {
                budget.vertices(1);
            }
            x += unzigzag(s.charAt(i) - 64);
            y += unzigzag(s.charAt(i + 1) - 64);
            out.add(new Coordinate(x / scale, y / scale));
        }
        return out;
    }

    /** 0, 1, 2, 3, 4 … back to 0, −1, 1, −2, 2 … */
    static long unzigzag(long v) {
        return (v >> 1) ^ -(v & 1);
    }
}
