package org.xiangtu.briefing;

import java.util.Locale;

/**
 * How the pack prints numbers: whole numbers with thousands separators ("12,345"), other numbers with one
 * decimal ("87.3"), as the API gives them (a whole number is a JSON integer there). Tests format the
 * API's figures by these rules and look for them in the PDF's text.
 */
public final class Figures {
    private Figures() {
    }

    /** A figure as printed: "12,345", "87.3"; "—" for none. */
    public static String format(Object value) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            return String.format(Locale.ROOT, "%,.1f", n.doubleValue());
        }
        return "—";
    }

    /** A measured number as printed in a legend or scale: whole when it is, else one decimal. */
    static String plain(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? format((long) v) : format(v);
    }

    /** A change: "+12", "−3.5", "0" (a true minus sign). */
    static String change(double delta, boolean whole) {
        if (delta == 0) {
            return "0";
        }
        String n = whole ? format(Math.round(Math.abs(delta))) : format(Math.abs(delta));
        return (delta > 0 ? "+" : "−") + n;
    }
}
