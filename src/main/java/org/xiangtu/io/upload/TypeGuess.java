package org.xiangtu.io.upload;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.xiangtu.catalog.FieldType;

/**
 * The type of a text column, from all its non-blank values: integer (no leading zeros, so codes such as
 * "007" stay text), number, boolean (true/false/yes/no/是/否), date yyyy-MM-dd, else string.
 */
final class TypeGuess {
    private static final Pattern INTEGER = Pattern.compile("-?(0|[1-9][0-9]{0,17})");
    private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][-+]?[0-9]+)?");
    private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private boolean integer = true;
    private boolean number = true;
    private boolean bool = true;
    private boolean date = true;
    private boolean any;

    void add(String value) {
        if (value == null || value.isBlank()) {
            return;
        }
        String v = value.strip();
        any = true;
        integer &= INTEGER.matcher(v).matches();
        number &= NUMBER.matcher(v).matches();
        bool &= bool(v) != null;
        date &= isDate(v);
    }

    FieldType type() {
        if (!any) {
            return FieldType.STRING;
        }
        if (integer) {
            return FieldType.INTEGER;
        }
        if (number) {
            return FieldType.NUMBER;
        }
        if (bool) {
            return FieldType.BOOLEAN;
        }
        return date ? FieldType.DATE : FieldType.STRING;
    }

    /** The value as the type says: Long, Double, Boolean, String or null for blank. */
    static Object convert(String value, FieldType type) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        return switch (type) {
            case INTEGER -> Long.parseLong(v);
            case NUMBER -> Double.parseDouble(v);
            case BOOLEAN -> bool(v);
            case DATE -> v;
            case STRING -> value;
        };
    }

    static Boolean bool(String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "是", "t", "y" -> Boolean.TRUE;
            case "false", "no", "否", "f", "n" -> Boolean.FALSE;
            default -> null;
        };
    }

    static boolean isDate(String v) {
        if (!DATE.matcher(v).matches()) {
            return false;
        }
        try {
            LocalDate.parse(v);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
