package org.xiangtu.io;

import java.nio.charset.StandardCharsets;

/** Text cut to a number of UTF-8 bytes, as file formats and databases limit names and values. */
public final class Utf8 {
    private Utf8() {
    }

    /** The longest start of {@code s} within {@code maxBytes} bytes of UTF-8, never a character cut in half. */
    public static String cut(String s, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < s.length(); i += Character.charCount(s.codePointAt(i))) {
            int cp = s.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
        }
        return out.toString();
    }
}
