package org.xiangtu.edit;

/**
 * The two EXIF facts the photo flags need, read from a JPEG's APP1 Exif segment before {@link JpegStrip}
 * removes it: the time taken ({@code DateTimeOriginal}, as {@code YYYY-MM-DDTHH:MM:SS}) and the GPS position
 * (latitude and longitude with their N/S/E/W references, in degrees). The server uses them when the device
 * sent none of its own (the app's EXIF reader, {@code web/js/app/exif.js}, reads the same tags). Every offset is
 * checked: a missing or broken Exif segment gives no facts, never an error. Pure function, thread-safe.
 */
public final class ExifFacts {
    /** What was found; null members were not. */
    public record Facts(String takenAt, Double lon, Double lat) {
        static final Facts NONE = new Facts(null, null, null);
    }

    private final byte[] b;
    private final int tiff;
    private final boolean little;

    private ExifFacts(byte[] b, int tiff) {
        this.b = b;
        this.tiff = tiff;
        this.little = b[tiff] == 'I';
    }

    /** The facts of a JPEG's first Exif segment; {@link Facts#NONE} without one. */
    public static Facts read(byte[] jpeg) {
        try {
            int at = 2;
            while (at + 4 <= jpeg.length && (jpeg[at] & 0xFF) == 0xFF) {
                int marker = jpeg[at + 1] & 0xFF;
                int length = ((jpeg[at + 2] & 0xFF) << 8) | (jpeg[at + 3] & 0xFF);
                if (marker == 0xDA || marker == 0xD9 || length < 2) {
                    break;
                }
                if (marker == 0xE1 && length >= 16 && jpeg[at + 4] == 'E' && jpeg[at + 5] == 'x' && jpeg[at + 6] == 'i'
                        && jpeg[at + 7] == 'f' && jpeg[at + 8] == 0 && (jpeg[at + 10] == 'I' || jpeg[at + 10] == 'M')) {
                    return new ExifFacts(java.util.Arrays.copyOf(jpeg, Math.min(jpeg.length, at + 2 + length)),
                            at + 10).facts();
                }
                at += 2 + length;
            }
        } catch (RuntimeException e) {
            // a broken segment: no facts
        }
        return Facts.NONE;
    }

    private Facts facts() {
        int ifd0 = tiff + u32(tiff + 4);
        Integer gps = entry(ifd0, 0x8825);
        Integer exif = entry(ifd0, 0x8769);
        String taken = null;
        if (exif != null) {
            Integer time = entry(tiff + u32(exif + 8), 0x9003);
            if (time != null && u32(time + 4) >= 19) {
                String t = new String(b, tiff + u32(time + 8), 19, java.nio.charset.StandardCharsets.US_ASCII);
                if (t.matches("\\d{4}:\\d{2}:\\d{2} \\d{2}:\\d{2}:\\d{2}")) {
                    taken = t.substring(0, 10).replace(':', '-') + "T" + t.substring(11);
                }
            }
        }
        Double lat = null;
        Double lon = null;
        if (gps != null) {
            int gpsIfd = tiff + u32(gps + 8);
            lat = degrees(gpsIfd, 1, 2, 'S', 90);
            lon = degrees(gpsIfd, 3, 4, 'W', 180);
        }
        return lat == null || lon == null ? new Facts(taken, null, null) : new Facts(taken, lon, lat);
    }

    /** The degrees of a GPS coordinate: three rationals (degrees, minutes, seconds), negative for S or W. */
    private Double degrees(int ifd, int refTag, int valueTag, char negative, double max) {
        Integer ref = entry(ifd, refTag);
        Integer value = entry(ifd, valueTag);
        if (ref == null || value == null || u16(value + 2) != 5 || u32(value + 4) != 3) {
            return null;
        }
        int at = tiff + u32(value + 8);
        double d = 0;
        double unit = 1;
        for (int i = 0; i < 3; i++) {
            long den = u32(at + 8 * i + 4) & 0xFFFFFFFFL;
            if (den == 0) {
                return null;
            }
            d += (u32(at + 8 * i) & 0xFFFFFFFFL) / (double) den / unit;
            unit *= 60;
        }
        if (b[ref + 8] == negative) {
            d = -d;
        }
        return Math.abs(d) <= max ? d : null;
    }

    /** Where the entry of {@code tag} in the IFD at {@code ifd} is (its 12 bytes), or null. */
    private Integer entry(int ifd, int tag) {
        int n = u16(ifd);
        for (int i = 0; i < n && i < 512; i++) {
            int e = ifd + 2 + 12 * i;
            if (u16(e) == tag) {
                return e;
            }
        }
        return null;
    }

    private int u16(int at) {
        int x = b[at] & 0xFF;
        int y = b[at + 1] & 0xFF;
        return little ? x | y << 8 : x << 8 | y;
    }

    private int u32(int at) {
        return little ? u16(at) | u16(at + 2) << 16 : u16(at) << 16 | u16(at + 2);
    }
}
