package org.xiangtu.io.upload;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Choosing the charset of Shapefile and CSV text: an option, a {@code .cpg}, valid UTF-8, else GBK. */
final class Texts {
    static final Charset GBK = Charset.forName("GBK");
    private static final Pattern CODE_PAGE = Pattern.compile("(?i)^(?:ANSI\\s*|CP\\s*|WINDOWS-?|MS)?(\\d{3,5})$");

    private Texts() {
    }

    /** A charset by name, or a 400 naming {@code field}. GB2312 and code page 936 are read as GBK, its superset. */
    static Charset named(String name, String field) {
        String n = name.strip();
        Matcher m = CODE_PAGE.matcher(n);
        if (m.matches()) {
            String page = m.group(1);
            n = switch (page) {
                case "936" -> "GBK";
                case "65001" -> "UTF-8";
                case "950" -> "Big5";
                default -> "windows-" + page;
            };
        }
        String upper = n.toUpperCase(Locale.ROOT).replace("_", "-");
        if (upper.equals("GB2312") || upper.equals("EUC-CN") || upper.equals("GBK")) {
            return GBK;
        }
        if (upper.equals("UTF8")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(n);
        } catch (IllegalArgumentException e) {
            throw UploadException.bad(field, "unknown text encoding '" + name.strip() + "'");
        }
    }

    /** Whether the bytes are valid UTF-8. */
    static boolean isUtf8(byte[] bytes, int offset, int length) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** The text without NUL characters (PostgreSQL's text and jsonb cannot hold them). */
    static String withoutNul(String s) {
        return s.indexOf('\0') < 0 ? s : s.replace("\0", "");
    }

    /** The text without control characters (C0, DEL, C1), for a name shown on one line. */
    static String singleLine(String s) {
        return s.chars().anyMatch(Character::isISOControl) ? s.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString() : s;
    }

    /** The report's name for a charset: UTF-8, GBK, … */
    static String label(Charset cs) {
        return cs.name();
    }
}
