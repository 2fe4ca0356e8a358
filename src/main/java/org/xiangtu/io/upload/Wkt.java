package org.xiangtu.io.upload;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** A minimal WKT (1 or 2) tree: {@code NAME[arg, ...]} where an argument is a quoted string, a number or a node. */
final class Wkt {
    /** One bracketed node. */
    record Node(String name, List<Object> args) {
        String text(int i) {
            return i < args.size() && args.get(i) instanceof String s ? s : "";
        }

        Optional<Node> child(String... names) {
            for (Object a : args) {
                if (a instanceof Node n) {
                    for (String name : names) {
                        if (n.name.equalsIgnoreCase(name)) {
                            return Optional.of(n);
                        }
                    }
                }
            }
            return Optional.empty();
        }

        List<Node> children(String name) {
            List<Node> out = new ArrayList<>();
            for (Object a : args) {
                if (a instanceof Node n && n.name.equalsIgnoreCase(name)) {
                    out.add(n);
                }
            }
            return out;
        }

        Optional<Double> number(int i) {
            return i < args.size() && args.get(i) instanceof Double d ? Optional.of(d) : Optional.empty();
        }
    }

    private final String s;
    private int pos;

    private Wkt(String s) {
        this.s = s;
    }

    /** Parses WKT; throws IllegalArgumentException when it is not well formed. */
    static Node parse(String text) {
        Wkt w = new Wkt(text.strip());
        Node n = w.node();
        w.skipSpace();
        if (w.pos != w.s.length()) {
            throw new IllegalArgumentException("text after the end of the WKT");
        }
        return n;
    }

    /** Lower case with everything but letters and digits removed: "GCS_China_2000" → "gcschina2000". */
    static String normal(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    private Node node() {
        skipSpace();
        int start = pos;
        while (pos < s.length() && (Character.isLetterOrDigit(s.charAt(pos)) || s.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("expected a WKT keyword at " + pos);
        }
        String name = s.substring(start, pos);
        skipSpace();
        char open = peek();
        if (open != '[' && open != '(') {
            throw new IllegalArgumentException("expected '[' after " + name);
        }
        pos++;
        List<Object> args = new ArrayList<>();
        while (true) {
            skipSpace();
            char c = peek();
            if (c == ']' || c == ')') {
                pos++;
                return new Node(name, args);
            }
            if (c == '"') {
                args.add(quoted());
            } else if (c == '-' || c == '+' || c == '.' || Character.isDigit(c)) {
                args.add(number());
            } else {
                args.add(node());
            }
            skipSpace();
            if (peek() == ',') {
                pos++;
            }
        }
    }

    private String quoted() {
        StringBuilder b = new StringBuilder();
        pos++;
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                if (pos < s.length() && s.charAt(pos) == '"') {
                    b.append('"');
                    pos++;
                } else {
                    return b.toString();
                }
            } else {
                b.append(c);
            }
        }
    }

    private Double number() {
        int start = pos;
        while (pos < s.length() && "+-.0123456789eE".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        return Double.valueOf(s.substring(start, pos));
    }

    private char peek() {
        if (pos >= s.length()) {
            throw new IllegalArgumentException("WKT ends too early");
        }
        return s.charAt(pos);
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }
}
