package org.xiangtu.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A relapse-watch condition compiled from the catalogue's JSON (grammar in docs/relapse-watch.md). Field
 * names may hold {@code {year}} (the year of the check) and {@code {prev}} (the year before). A number that
 * is unknown (an empty field, a missing year, a household of size 0) makes its comparison false: a rule
 * never fires on missing data. Immutable and thread-safe.
 */
public sealed interface WatchCondition {

    /** What a condition reads: one household's fields, the lines, and the events reported on its visits. */
    interface Facts {
        /** The household's value of the field (a Number, a String or null). */
        Object value(String field);

        /** The monitoring line of the year, or null. */
        Double line(int year);

        /** Whether a visit to the household reported the event in the given number of days up to the check. */
        boolean reported(String event, int withinDays);
    }

    boolean test(Facts facts, int year);

    /** The household fields the condition reads, with {@code {year}} and {@code {prev}} unfilled. */
    List<String> fieldTemplates();

    /** The reported events the condition reads, as {@link Reported} nodes (empty for most). */
    default List<Reported> events() {
        if (this instanceof All a) {
            return a.parts().stream().flatMap(p -> p.events().stream()).toList();
        }
        if (this instanceof Any a) {
            return a.parts().stream().flatMap(p -> p.events().stream()).toList();
        }
        if (this instanceof Not n) {
            return n.part().events();
        }
        return this instanceof Reported r ? List.of(r) : List.of();
    }

    /** Checks that, in the latest line year, every field read exists on the household layer as a number. */
    default void checkFields(LayerDef households, Set<Integer> years) {
        int year = years.stream().mapToInt(Integer::intValue).max().orElseThrow();
        for (String t : fieldTemplates()) {
            String name = fill(t, year);
            if (households.field(name).isEmpty()) {
                throw new IllegalArgumentException("watch: field '" + name + "' (from '" + t
                        + "') is not a household field");
            }
        }
    }

    static String fill(String template, int year) {
        if (template.indexOf('{') < 0) {
            return template;
        }
        // read per household and rule in a nightly run: filled once per year and template
        return Filled.BY_YEAR.computeIfAbsent(year, y -> new java.util.concurrent.ConcurrentHashMap<>())
                .computeIfAbsent(template, t -> t.replace("{year}", Integer.toString(year))
                        .replace("{prev}", Integer.toString(year - 1)));
    }

    /** Compiles a condition; an error names {@code where} and the part that is wrong. */
    static WatchCondition compile(JsonNode node, LayerDef households, LayerDef visits, String where) {
        if (node == null || !node.isObject() || node.size() != 1) {
            throw new IllegalArgumentException(where + ": a condition is an object with one operator, got " + node);
        }
        Map.Entry<String, JsonNode> e = node.fields().next();
        String op = e.getKey();
        JsonNode arg = e.getValue();
        switch (op) {
            case "all", "any" -> {
                List<WatchCondition> parts = new ArrayList<>();
                for (JsonNode p : array(arg, where + ": " + op)) {
                    parts.add(compile(p, households, visits, where));
                }
                return op.equals("all") ? new All(parts) : new Any(parts);
            }
            case "not" -> {
                return new Not(compile(arg, households, visits, where));
            }
            case "lt", "le", "gt", "ge" -> {
                List<JsonNode> ab = array(arg, where + ": " + op);
                if (ab.size() != 2) {
                    throw new IllegalArgumentException(where + ": " + op + " takes two numbers");
                }
                return new Compare(op, WatchNumber.compile(ab.get(0), households, where),
                        WatchNumber.compile(ab.get(1), households, where));
            }
            case "in" -> {
                String field = text(arg.get("field"), where + ": in.field");
                FieldDef def = households.field(field).orElseThrow(() -> new IllegalArgumentException(
                        where + ": in.field '" + field + "' is not a household field"));
                List<String> values = new ArrayList<>();
                for (JsonNode v : array(arg.get("values"), where + ": in.values")) {
                    String s = text(v, where + ": in.values");
                    if (def.enumValues() != null && !def.enumValues().contains(s)) {
                        throw new IllegalArgumentException(where + ": '" + s + "' is not a value of " + field);
                    }
                    values.add(s);
                }
                return new In(field, List.copyOf(values));
            }
            case "fallsBy" -> {
                double share = arg.path("share").asDouble(-1);
                if (!(share > 0 && share < 1)) {
                    throw new IllegalArgumentException(where + ": fallsBy.share must be between 0 and 1");
                }
                return new FallsBy(WatchNumber.compile(arg.get("from"), households, where),
                        WatchNumber.compile(arg.get("to"), households, where), share);
            }
            case "reported" -> {
                String event = text(arg.get("event"), where + ": reported.event");
                int days = arg.path("withinDays").asInt(0);
                FieldDef reported = visits == null ? null : visits.field("reported").orElse(null);
                if (reported == null || reported.enumValues() == null || !reported.enumValues().contains(event)) {
                    throw new IllegalArgumentException(where + ": reported.event '" + event
                            + "' is not a value of the visits' field 'reported'");
                }
                if (days < 1 || days > 366) {
                    throw new IllegalArgumentException(where + ": reported.withinDays must be 1 to 366");
                }
                return new Reported(event, days);
            }
            default -> throw new IllegalArgumentException(where + ": unknown operator '" + op + "'");
        }
    }

    private static List<JsonNode> array(JsonNode node, String where) {
        if (node == null || !node.isArray() || node.isEmpty()) {
            throw new IllegalArgumentException(where + " needs a non-empty array");
        }
        List<JsonNode> out = new ArrayList<>();
        for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
            out.add(it.next());
        }
        return out;
    }

    private static String text(JsonNode node, String where) {
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(where + " needs a text");
        }
        return node.asText();
    }

    record All(List<WatchCondition> parts) implements WatchCondition {
        public boolean test(Facts f, int year) {
            return parts.stream().allMatch(p -> p.test(f, year));
        }

        public List<String> fieldTemplates() {
            return parts.stream().flatMap(p -> p.fieldTemplates().stream()).toList();
        }
    }

    record Any(List<WatchCondition> parts) implements WatchCondition {
        public boolean test(Facts f, int year) {
            return parts.stream().anyMatch(p -> p.test(f, year));
        }

        public List<String> fieldTemplates() {
            return parts.stream().flatMap(p -> p.fieldTemplates().stream()).toList();
        }
    }

    record Not(WatchCondition part) implements WatchCondition {
        public boolean test(Facts f, int year) {
            return !part.test(f, year);
        }

        public List<String> fieldTemplates() {
            return part.fieldTemplates();
        }
    }

    record Compare(String op, WatchNumber a, WatchNumber b) implements WatchCondition {
        public boolean test(Facts f, int year) {
            Double x = a.value(f, year);
            Double y = b.value(f, year);
            if (x == null || y == null) {
                return false;
            }
            return switch (op) {
                case "lt" -> x < y;
                case "le" -> x <= y;
                case "gt" -> x > y;
                default -> x >= y;
            };
        }

        public List<String> fieldTemplates() {
            List<String> out = new ArrayList<>(a.fieldTemplates());
            out.addAll(b.fieldTemplates());
            return out;
        }
    }

    record In(String field, List<String> values) implements WatchCondition {
        public boolean test(Facts f, int year) {
            Object v = f.value(field);
            return v != null && values.contains(v.toString());
        }

        public List<String> fieldTemplates() {
            return List.of(field);
        }
    }

    /** The income (or any number) fell by more than {@code share} of {@code from}; from must be above 0. */
    record FallsBy(WatchNumber from, WatchNumber to, double share) implements WatchCondition {
        public boolean test(Facts f, int year) {
            Double x = from.value(f, year);
            Double y = to.value(f, year);
            return x != null && y != null && x > 0 && (x - y) / x > share;
        }

        public List<String> fieldTemplates() {
            List<String> out = new ArrayList<>(from.fieldTemplates());
            out.addAll(to.fieldTemplates());
            return out;
        }
    }

    record Reported(String event, int withinDays) implements WatchCondition {
        public boolean test(Facts f, int year) {
            return f.reported(event, withinDays);
        }

        public List<String> fieldTemplates() {
            return List.of();
        }
    }
}

/** {@link WatchCondition#fill}'s filled templates by year (a few catalogue templates for a few line years). */
final class Filled {
    static final java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.ConcurrentHashMap<String, String>>
            BY_YEAR = new java.util.concurrent.ConcurrentHashMap<>();

    private Filled() {
    }
}
