package org.xiangtu.web;

/**
 * Checks on text from requests, the same on both stores: NUL is refused everywhere (PostgreSQL's text cannot
 * hold it, and a store must not decide whether a request is good), control characters (C0, DEL, C1) in text
 * shown on one line, and all but tab, CR and LF in multi-line text. Each refusal is a 400 naming the field.
 */
final class Texts {
    private Texts() {
    }

    /** {@code value}, or a 400 naming {@code field} when it holds a NUL character. */
    static String noNul(String field, String value) {
        if (value != null && value.indexOf('\0') >= 0) {
            String name = shown(field);
            throw ProblemException.badRequest(name, "'" + name + "' holds a NUL character (\\u0000), which no text"
                    + " may hold.");
        }
        return value;
    }

    /** {@code value}, or a 400 naming {@code field} when it holds a control character. */
    static String singleLine(String field, String value) {
        return check(field, value, false);
    }

    /** {@code value}, or a 400 naming {@code field} when it holds a control character other than tab, CR, LF. */
    static String multiline(String field, String value) {
        return check(field, value, true);
    }

    private static String check(String field, String value, boolean lines) {
        noNul(field, value);
        for (int i = 0; value != null && i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(lines && (c == '\t' || c == '\n' || c == '\r'))) {
                throw ProblemException.badRequest(field, "'" + field + "' holds the control character U+"
                        + String.format("%04X", (int) c) + "; " + (lines ? "only tab and line breaks are allowed."
                        : "it is one line of text."));
            }
        }
        return value;
    }

    /** A name as it can be shown: NUL written as {@code \u0000}. */
    static String shown(String name) {
        return name.replace("\0", "\\u0000");
    }
}
