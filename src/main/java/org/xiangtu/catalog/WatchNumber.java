package org.xiangtu.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A number in a relapse-watch condition: a literal, a household field (by name, {@code {year}} and
 * {@code {prev}} filled at the check), a sum, a value per person (divided by the household's {@code size})
 * or the monitoring line of the year ({@code "year"}) or the year before ({@code "prev"}). Null = unknown.
 */
public sealed interface WatchNumber {

    Double value(WatchCondition.Facts facts, int year);

    List<String> fieldTemplates();

    static WatchNumber compile(JsonNode node, LayerDef households, String where) {
        if (node == null) {
            throw new IllegalArgumentException(where + ": a number is missing");
        }
        if (node.isNumber()) {
            return new Literal(node.asDouble());
        }
        if (node.isTextual()) {
            return new Field(node.asText()); // checked against the layer per year: WatchCondition.checkFields
        }
        if (node.isObject() && node.size() == 1) {
            String op = node.fieldNames().next();
            JsonNode arg = node.get(op);
            switch (op) {
                case "sum" -> {
                    if (!arg.isArray() || arg.isEmpty()) {
                        throw new IllegalArgumentException(where + ": sum needs a non-empty array");
                    }
                    List<WatchNumber> parts = new ArrayList<>();
                    arg.forEach(p -> parts.add(compile(p, households, where)));
                    return new Sum(List.copyOf(parts));
                }
                case "perPerson" -> {
                    return new PerPerson(compile(arg, households, where));
                }
                case "line" -> {
                    String which = arg.asText();
                    if (!which.equals("year") && !which.equals("prev")) {
                        throw new IllegalArgumentException(where + ": line is \"year\" or \"prev\"");
                    }
                    return new Line(which.equals("prev"));
                }
                default -> throw new IllegalArgumentException(where + ": unknown number operator '" + op + "'");
            }
        }
        throw new IllegalArgumentException(where + ": not a number expression: " + node);
    }

    record Literal(double v) implements WatchNumber {
        public Double value(WatchCondition.Facts f, int year) {
            return v;
        }

        public List<String> fieldTemplates() {
            return List.of();
        }
    }

    record Field(String template) implements WatchNumber {
        public Double value(WatchCondition.Facts f, int year) {
            return f.value(WatchCondition.fill(template, year)) instanceof Number n ? n.doubleValue() : null;
        }

        public List<String> fieldTemplates() {
            return List.of(template);
        }
    }

    record Sum(List<WatchNumber> parts) implements WatchNumber {
        public Double value(WatchCondition.Facts f, int year) {
            double s = 0;
            for (WatchNumber p : parts) {
                Double v = p.value(f, year);
                if (v == null) {
                    return null;
                }
                s += v;
            }
            return s;
        }

        public List<String> fieldTemplates() {
            return parts.stream().flatMap(p -> p.fieldTemplates().stream()).toList();
        }
    }

    record PerPerson(WatchNumber total) implements WatchNumber {
        public Double value(WatchCondition.Facts f, int year) {
            Double t = total.value(f, year);
            Object size = f.value("size");
            return t == null || !(size instanceof Number n) || n.doubleValue() <= 0 ? null : t / n.doubleValue();
        }

        public List<String> fieldTemplates() {
            List<String> out = new ArrayList<>(total.fieldTemplates());
            out.add("size");
            return out;
        }
    }

    record Line(boolean prev) implements WatchNumber {
        public Double value(WatchCondition.Facts f, int year) {
            return f.line(prev ? year - 1 : year);
        }

        public List<String> fieldTemplates() {
            return List.of();
        }
    }
}
