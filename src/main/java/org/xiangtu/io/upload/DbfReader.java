package org.xiangtu.io.upload;

import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.xiangtu.catalog.FieldType;

/**
 * A dBASE III table (the {@code .dbf} of a Shapefile): C, N, F, L and D fields, values trimmed, text
 * decoded with one charset, deleted records flagged. Other field types (memo, …) are left out with a warning.
 */
final class DbfReader {
    private record Column(String name, char type, int offset, int length, int decimals, FieldType fieldType) {
    }

    private final byte[] data;
    private final Charset charset;
    private final int records;
    private final int headerLength;
    private final int recordLength;
    private final List<Column> columns = new ArrayList<>();

    DbfReader(byte[] data, Charset charset, List<String> warnings) {
        this.data = data;
        this.charset = charset;
        if (data.length < 33) {
            throw bad("the .dbf is too short to be a dBASE table");
        }
        this.records = le32(4);
        this.headerLength = le16(8);
        this.recordLength = le16(10);
        if (records < 0 || headerLength < 33 || headerLength > data.length || recordLength < 1) {
            throw bad("the .dbf header is damaged");
        }
        if ((long) headerLength + (long) records * recordLength > data.length) {
            throw bad("the .dbf is truncated: it declares " + records + " records");
        }
        readColumns(warnings);
        wholeNumbers(warnings);
    }

    /** Integers up to this are exact in a double; a code beyond it is read as written only as text. */
    private static final double EXACT = 9_007_199_254_740_992d;

    /**
     * A floating-point column (F, or N with decimals) whose every value is a whole number, as survey bureaus'
     * 12-digit village codes often are ({@code 500151103202.000}, or {@code 5.00151103202E+11} in an F field),
     * is read as integers: a code must come out as {@code 500151103202}, never {@code 5.00151103202E11}.
     */
    private void wholeNumbers(List<String> warnings) {
        for (int k = 0; k < columns.size(); k++) {
            Column c = columns.get(k);
            if (c.fieldType != FieldType.NUMBER) {
                continue;
            }
            boolean any = false;
            boolean whole = true;
            for (int i = 0; i < records && whole; i++) {
                if (isDeleted(i)) {
                    continue;
                }
                String raw = new String(data, headerLength + i * recordLength + c.offset, c.length, charset).strip();
                if (raw.isEmpty()) {
                    continue;
                }
                try {
                    double v = Double.parseDouble(raw);
                    whole = v == Math.rint(v) && Math.abs(v) <= EXACT;
                    any = true;
                } catch (NumberFormatException e) {
                    whole = false;
                }
            }
            if (any && whole) {
                columns.set(k, new Column(c.name, c.type, c.offset, c.length, c.decimals, FieldType.INTEGER));
                warnings.add("field '" + c.name + "' holds only whole numbers stored as floating point (dBASE "
                        + c.type + "): read as integers");
            }
        }
    }

    /** Whether the field names and records (the text of a table, not its binary header) are valid UTF-8. */
    static boolean isUtf8(byte[] dbf) {
        if (dbf.length < 12) {
            return true;
        }
        int header = Math.min(dbf.length, (dbf[8] & 0xFF) | (dbf[9] & 0xFF) << 8);
        for (int p = 32; p + 32 <= header && dbf[p] != 0x0D; p += 32) {
            int end = p;
            while (end < p + 11 && dbf[end] != 0) {
                end++;
            }
            if (!Texts.isUtf8(dbf, p, end - p)) {
                return false;
            }
        }
        return Texts.isUtf8(dbf, header, dbf.length - header);
    }

    List<UploadField> fields() {
        return columns.stream().map(c -> new UploadField(c.name, c.fieldType)).toList();
    }

    int size() {
        return records;
    }

    boolean isDeleted(int i) {
        return data[headerLength + i * recordLength] == '*';
    }

    Map<String, Object> record(int i) {
        int base = headerLength + i * recordLength;
        Map<String, Object> out = new LinkedHashMap<>();
        for (Column c : columns) {
            String raw = new String(data, base + c.offset, c.length, charset).strip();
            out.put(c.name, value(c, raw));
        }
        return out;
    }

    private Object value(Column c, String raw) {
        if (raw.isEmpty()) {
            return null;
        }
        try {
            return switch (c.fieldType) {
                case INTEGER -> new java.math.BigDecimal(raw).longValue(); // "12.0", "5.00151103202E+11" too
                case NUMBER -> Double.parseDouble(raw);
                case BOOLEAN -> "YyTt".indexOf(raw.charAt(0)) >= 0 ? Boolean.TRUE
                        : "NnFf".indexOf(raw.charAt(0)) >= 0 ? Boolean.FALSE : null;
                case DATE -> raw.length() == 8 && raw.chars().allMatch(Character::isDigit)
                        && !raw.equals("00000000")
                        ? raw.substring(0, 4) + "-" + raw.substring(4, 6) + "-" + raw.substring(6, 8) : null;
                case STRING -> raw;
            };
        } catch (NumberFormatException e) {
            return null; // dBASE writes "****" when a number overflows its width
        }
    }

    private void readColumns(List<String> warnings) {
        Set<String> names = new HashSet<>();
        int offset = 1;
        for (int p = 32; p + 32 <= headerLength && data[p] != 0x0D; p += 32) {
            int end = p;
            while (end < p + 11 && data[end] != 0) {
                end++;
            }
            String name = new String(data, p, end - p, charset).strip();
            char type = (char) data[p + 11];
            int length = data[p + 16] & 0xFF;
            int decimals = data[p + 17] & 0xFF;
            FieldType ft = switch (Character.toUpperCase(type)) {
                case 'C' -> FieldType.STRING;
                case 'N' -> decimals == 0 && length <= 18 ? FieldType.INTEGER : FieldType.NUMBER;
                case 'F' -> FieldType.NUMBER;
                case 'L' -> FieldType.BOOLEAN;
                case 'D' -> FieldType.DATE;
                default -> null;
            };
            if (offset + length > recordLength) {
                throw bad("the .dbf field '" + name + "' lies outside its record");
            }
            if (ft == null) {
                warnings.add("field '" + name + "' of dBASE type " + type + " was left out");
            } else {
                String unique = name.isEmpty() ? "field" : name;
                for (int k = 2; !names.add(unique); k++) {
                    unique = name + "_" + k;
                }
                columns.add(new Column(unique, type, offset, length, decimals, ft));
            }
            offset += length;
        }
    }

    private int le16(int p) {
        return (data[p] & 0xFF) | (data[p + 1] & 0xFF) << 8;
    }

    private int le32(int p) {
        return le16(p) | le16(p + 2) << 16;
    }

    private static UploadException bad(String detail) {
        return UploadException.bad("file.dbf", detail);
    }
}
