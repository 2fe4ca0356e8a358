package org.xiangtu.store.geopackage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.GeometryFactory;
import org.locationtech.jts.io.ByteOrderValues;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.WKBReader;
import org.locationtech.jts.io.WKBWriter;

/**
 * The GeoPackage geometry blob (GeoPackage 1.4 §2.1.3): a header ("GP", version, flags, SRS id,
 * optional envelope) followed by standard WKB. Encodes 2D geometries with an xy envelope, little
 * endian; decodes any header variant. WKB readers and writers are not thread-safe, so one instance
 * per thread or per use.
 */
final class GpkgGeometry {
    private final WKBReader reader;
    private final WKBWriter writer = new WKBWriter(2, ByteOrderValues.LITTLE_ENDIAN);

    GpkgGeometry(GeometryFactory factory) {
        this.reader = new WKBReader(factory);
    }

    byte[] encode(Geometry g, int srsId) {
        byte[] wkb = writer.write(g);
        Envelope e = g.getEnvelopeInternal();
        boolean empty = g.isEmpty();
        int envelopeCode = empty ? 0 : 1;
        ByteBuffer buf = ByteBuffer.allocate(8 + (empty ? 0 : 32) + wkb.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put((byte) 'G').put((byte) 'P').put((byte) 0);
        buf.put((byte) (1 | (envelopeCode << 1) | (empty ? 1 << 4 : 0)));
        buf.putInt(srsId);
        if (!empty) {
            buf.putDouble(e.getMinX()).putDouble(e.getMaxX()).putDouble(e.getMinY()).putDouble(e.getMaxY());
        }
        buf.put(wkb);
        return buf.array();
    }

    Geometry decode(byte[] blob) {
        if (blob == null) {
            return null;
        }
        if (blob.length < 8 || blob[0] != 'G' || blob[1] != 'P') {
            throw new IllegalStateException("not a GeoPackage geometry blob");
        }
        int flags = blob[3];
        ByteOrder order = (flags & 1) == 1 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        int srsId = ByteBuffer.wrap(blob, 4, 4).order(order).getInt();
        int envelopeBytes = switch ((flags >> 1) & 7) {
            case 0 -> 0;
            case 1 -> 32;
            case 2, 3 -> 48;
            case 4 -> 64;
            default -> throw new IllegalStateException("bad GeoPackage envelope code");
        };
        int offset = 8 + envelopeBytes;
        byte[] wkb = new byte[blob.length - offset];
        System.arraycopy(blob, offset, wkb, 0, wkb.length);
        try {
            Geometry g = reader.read(wkb);
            g.setSRID(srsId);
            return g;
        } catch (ParseException e) {
            throw new IllegalStateException("bad WKB in GeoPackage geometry: " + e.getMessage(), e);
        }
    }
}
