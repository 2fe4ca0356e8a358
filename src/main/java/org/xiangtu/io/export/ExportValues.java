package org.xiangtu.io.export;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.xiangtu.catalog.FieldType;
import org.xiangtu.store.Feature;

/**
 * Brings a property value to its field's type so every format writes the same thing: STRING → String,
 * INTEGER → Long, NUMBER → Double (finite), BOOLEAN → Boolean, DATE → ISO {@code YYYY-MM-DD} String.
 * Numbers given as strings and booleans given as {@code "true"/"false"} are accepted; anything else
 * is an {@link IllegalArgumentException} naming the feature and the field.
 */
final class ExportValues {
    private ExportValues() {
    }

    /** Checks every value of the layer before a single byte is written, so a bad value never truncates a file. */
    static void check(ExportLayer layer) {
        for (Feature f : layer.features()) {
            for (ExportField field : layer.fields()) {
                value(f, field);
            }
        }
    }

    /** The feature's value for the field, converted to the field's type; null when absent. */
    static Object value(Feature f, ExportField field) {
        Object v = f.properties() == null ? null : f.properties().get(field.name());
        if (v == null) {
            return null;
        }
        try {
            return switch (field.type()) {
                case STRING -> v.toString();
                case INTEGER -> integer(v);
                case NUMBER -> number(v);
                case BOOLEAN -> bool(v);
                case DATE -> LocalDate.parse(v.toString()).toString();
            };
        } catch (NumberFormatException | ArithmeticException | DateTimeParseException e) {
            throw new IllegalArgumentException("feature " + f.id() + ": field " + field.name() + ": not a "
                    + field.type().json() + ": " + v, e);
        }
    }

    private static Long integer(Object v) {
        if (v instanceof Long l) {
            return l;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.longValueExact();
        }
        // 12.0 is 12; 12.5 is not an integer
        return new BigDecimal(v.toString().trim()).longValueExact();
    }

    private static Double number(Object v) {
        double d = v instanceof Number n ? n.doubleValue() : Double.parseDouble(v.toString().trim());
        if (!Double.isFinite(d)) {
            throw new NumberFormatException("not finite");
        }
        return d;
    }

    private static Boolean bool(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        return switch (v.toString().trim()) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new NumberFormatException("not true or false");
        };
    }

    /** A number as plain decimal text (no exponent, no trailing {@code .0}), as Excel and GDAL read it. */
    static String plain(double d) {
        if (d == 0) {
            return "0";
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
