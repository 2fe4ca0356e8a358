package org.xiangtu.edit.onboarding;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.catalog.I18n;

/**
 * A file's value made into a catalogue field's value, leniently as county files write them (numbers as
 * text with thousands separators, 是/否 for booleans, 2024/3/1 or 2024年3月1日 for dates, an enumeration's
 * Chinese title for its value, a 12-digit code read as a number), or refused with a reason.
 */
final class Values {
    private static final double TWO_53 = 9007199254740992d;
    private static final Set<String> YES = Set.of("true", "yes", "y", "1", "是", "有", "t");
    private static final Set<String> NO = Set.of("false", "no", "n", "0", "否", "无", "f");
    private static final Pattern DATE = Pattern.compile("(\\d{4})\\s*[-/.年]\\s*(\\d{1,2})\\s*[-/.月]\\s*(\\d{1,2})\\s*日?");

    /** A value (String, Long, Double, Boolean or null) or why there is none. */
    record Result(Object value, String problem) {
        static Result ok(Object v) {
            return new Result(v, null);
        }

        static Result bad(String why) {
            return new Result(null, why);
        }
    }

    private Values() {
    }

    static Result convert(FieldDef f, Object v) {
        if (v == null || (v instanceof String s && s.isBlank())) {
            return Result.ok(null);
        }
        Result r = switch (f.type()) {
            case STRING -> Result.ok(text(v));
            case INTEGER -> integer(v);
            case NUMBER -> number(v);
            case BOOLEAN -> bool(v);
            case DATE -> date(v);
        };
        if (r.problem() != null || f.enumValues() == null || r.value() == null) {
            return r;
        }
        String s = String.valueOf(r.value());
        if (f.enumValues().contains(s)) {
            return r;
        }
        String n = LayerMapping.normal(s);
        for (String e : f.enumValues()) {
            I18n t = f.valueTitles() == null ? null : f.valueTitles().get(e);
            if (n.equals(LayerMapping.normal(e)) || (t != null && (n.equals(LayerMapping.normal(t.zh()))
                    || n.equals(LayerMapping.normal(t.en()))))) {
                return Result.ok(e);
            }
        }
        return Result.bad("'" + s + "' is not one of " + f.enumValues());
    }

    /** Text; a whole number read as floating point (a DBF's code) without its ".0" or exponent. */
    static String text(Object v) {
        if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < TWO_53) {
            return Long.toString(d.longValue());
        }
        return String.valueOf(v).strip();
    }

    private static Result integer(Object v) {
        Result n = number(v);
        if (n.problem() != null) {
            return Result.bad("expected an integer, got '" + v + "'");
        }
        if (v instanceof Long) {
            return Result.ok(v);
        }
        double d = (Double) n.value();
        return d == Math.rint(d) && Math.abs(d) < TWO_53 ? Result.ok((long) d)
                : Result.bad("expected an integer, got '" + v + "'");
    }

    private static Result number(Object v) {
        if (v instanceof Number num && !(v instanceof Boolean)) {
            double d = num.doubleValue();
            return Double.isFinite(d) ? Result.ok(d) : Result.bad("expected a number, got '" + v + "'");
        }
        if (v instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip().replace(",", "").replace("，", ""));
                if (Double.isFinite(d)) {
                    return Result.ok(d);
                }
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        return Result.bad("expected a number, got '" + v + "'");
    }

    private static Result bool(Object v) {
        if (v instanceof Boolean) {
            return Result.ok(v);
        }
        String s = text(v).toLowerCase(Locale.ROOT);
        if (YES.contains(s)) {
            return Result.ok(true);
        }
        if (NO.contains(s)) {
            return Result.ok(false);
        }
        return Result.bad("expected yes or no (true/false, 是/否, 1/0), got '" + v + "'");
    }

    private static Result date(Object v) {
        Matcher m = DATE.matcher(String.valueOf(v).strip());
        if (m.matches()) {
            try {
                return Result.ok(LocalDate.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                        Integer.parseInt(m.group(3))).toString());
            } catch (java.time.DateTimeException e) {
                // refused below
            }
        }
        return Result.bad("expected a date YYYY-MM-DD, got '" + v + "'");
    }

    /** The code a value names among {@code places} (code → name): itself if a code, else the code of the one place so named. */
    static String code(String value, Map<String, String> places, boolean byName) {
        if (places.containsKey(value)) {
            return value;
        }
        if (!byName) {
            return null;
        }
        String n = LayerMapping.normal(value);
        String found = null;
        for (Map.Entry<String, String> e : places.entrySet()) {
            if (e.getValue() != null && LayerMapping.normal(e.getValue()).equals(n)) {
                if (found != null) {
                    return null; // two places of that name: no guess
                }
                found = e.getKey();
            }
        }
        return found;
    }
}
