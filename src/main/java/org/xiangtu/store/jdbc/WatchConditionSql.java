package org.xiangtu.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.WatchCondition;
import org.xiangtu.catalog.WatchNumber;
import org.xiangtu.store.WatchCandidates;

/**
 * The relapse watch's conditions ({@link WatchCondition}, docs/relapse-watch.md) as one SQL predicate over
 * {@code households h}, for {@link WatchCandidates}: the database hands over only the households that may
 * hit, and Java checks those with {@code RelapseRules} (which stays the one definition of a hit).
 *
 * <p>The predicate keeps Java's meaning, not SQL's: a number is unknown (NULL) where Java's is null (a field
 * that is not a column, or whose value is not a number, a sum with an unknown part, a value per person of a
 * household of size 0 or unknown, a year without a line), and every comparison with an unknown number is
 * false ({@code COALESCE(…, FALSE)}), so {@code NOT} turns it true as Java's {@code !} does; numbers are
 * compared as doubles (bound with {@code setDouble}, columns cast to double), summed left to right as Java
 * sums them. A part it cannot say exactly (a value list on a column that is not text) becomes {@code TRUE}
 * where a wider answer is safe and {@code FALSE} under an odd number of {@code NOT}s, so the predicate may
 * hand over more households than hit, never fewer. {@code WatchCandidatesContract} checks that on both
 * stores it hands over exactly the households that hit, on the demo county and on boundary cases.
 */
final class WatchConditionSql {

    /** A fragment of SQL with its parameters in order (String, Double). */
    record Sql(String text, List<Object> params) {
        static Sql of(String text, Object... params) {
            return new Sql(text, List.of(params));
        }

        static Sql join(String open, List<Sql> parts, String sep, String close) {
            StringBuilder b = new StringBuilder(open);
            List<Object> params = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                b.append(i == 0 ? "" : sep).append(parts.get(i).text());
                params.addAll(parts.get(i).params());
            }
            return new Sql(b.append(close).toString(), params);
        }

        /** Binds the parameters from index {@code from}; returns the next free index. */
        int bind(PreparedStatement ps, int from) throws SQLException {
            int i = from;
            for (Object p : params) {
                if (p instanceof Double d) {
                    ps.setDouble(i++, d);
                } else {
                    ps.setString(i++, (String) p);
                }
            }
            return i;
        }
    }

    /** What a household column holds, from the table's declared types. */
    enum Kind { NUMBER, TEXT, OTHER }

    private final WatchCandidates on;
    private final Map<String, Kind> columns;
    private final Transactions.Dialect dialect;

    private WatchConditionSql(WatchCandidates on, Map<String, Kind> columns, Transactions.Dialect dialect) {
        this.on = on;
        this.columns = columns;
        this.dialect = dialect;
    }

    /** The predicate: a household may hit one of {@code on.anyOf()}; FALSE when there is none. */
    static Sql where(WatchCandidates on, Map<String, Kind> columns, Transactions.Dialect dialect) {
        WatchConditionSql c = new WatchConditionSql(on, columns, dialect);
        if (on.anyOf().isEmpty()) {
            return Sql.of("FALSE");
        }
        return Sql.join("(", on.anyOf().stream().map(w -> c.bool(w, true)).toList(), " OR ", ")");
    }

    /** A column's kind from its declared type name (PostgreSQL's or SQLite's). */
    static Kind kindOf(String typeName) {
        String t = typeName == null ? "" : typeName.toLowerCase(java.util.Locale.ROOT);
        if (t.contains("int") || t.contains("float") || t.contains("double") || t.contains("real")
                || t.contains("numeric") || t.contains("decimal")) {
            return Kind.NUMBER;
        }
        return t.contains("text") || t.contains("char") || t.contains("clob") ? Kind.TEXT : Kind.OTHER;
    }

    /** A condition: exactly Java's where it can say, else wider ({@code wide}) or narrower than Java's. */
    private Sql bool(WatchCondition w, boolean wide) {
        if (w instanceof WatchCondition.All a) {
            return Sql.join("(", a.parts().stream().map(p -> bool(p, wide)).toList(), " AND ", ")");
        }
        if (w instanceof WatchCondition.Any a) {
            return Sql.join("(", a.parts().stream().map(p -> bool(p, wide)).toList(), " OR ", ")");
        }
        if (w instanceof WatchCondition.Not n) {
            return Sql.join("(NOT ", List.of(bool(n.part(), !wide)), "", ")");
        }
        if (w instanceof WatchCondition.Compare c) {
            String op = switch (c.op()) {
                case "lt" -> " < ";
                case "le" -> " <= ";
                case "gt" -> " > ";
                default -> " >= ";
            };
            return known(Sql.join("(", List.of(number(c.a()), number(c.b())), op, ")"));
        }
        if (w instanceof WatchCondition.FallsBy f) {
            Sql x = number(f.from());
            Sql y = number(f.to());
            return known(Sql.join("(CASE WHEN ", List.of(x, Sql.of(" > 0 THEN ("), x, Sql.of(" - "), y,
                    Sql.of(") / "), x, Sql.of(" > " + param(), f.share()), Sql.of(" ELSE FALSE END")), "", ")"));
        }
        if (w instanceof WatchCondition.In in) {
            if (columns.get(in.field()) != Kind.TEXT) {
                return Sql.of(wide ? "TRUE" : "FALSE");
            }
            String marks = String.join(", ", in.values().stream().map(v -> "?").toList());
            return known(new Sql("(h.\"" + in.field() + "\" IN (" + marks + "))", List.copyOf(in.values())));
        }
        WatchCondition.Reported r = (WatchCondition.Reported) w;
        // an event counts on the days (day − withinDays, day]: visits' local time 'at' compared as text
        return Sql.of("(h.\"code\" IN (SELECT v.\"household_code\" FROM visits v WHERE v.\"reported\" = ?"
                + " AND v.\"at\" >= ? AND v.\"at\" < ?))", r.event(),
                on.day().minusDays(r.withinDays() - 1L).toString(), on.day().plusDays(1).toString());
    }

    /** A comparison that is unknown (NULL) is false, as in Java. */
    private static Sql known(Sql s) {
        return Sql.join("COALESCE(", List.of(s), "", ", FALSE)");
    }

    private String param() {
        return dialect == Transactions.Dialect.POSTGRESQL ? "CAST(? AS double precision)" : "?";
    }

    /** A number as a double, NULL where Java's is null. */
    private Sql number(WatchNumber n) {
        if (n instanceof WatchNumber.Literal l) {
            return Sql.of(param(), l.v());
        }
        if (n instanceof WatchNumber.Field f) {
            return field(WatchCondition.fill(f.template(), on.year()));
        }
        if (n instanceof WatchNumber.Sum s) {
            return Sql.join("(", s.parts().stream().map(this::number).toList(), " + ", ")");
        }
        if (n instanceof WatchNumber.PerPerson p) {
            Sql size = field("size");
            return Sql.join("(CASE WHEN ", List.of(size, Sql.of(" > 0 THEN "), number(p.total()), Sql.of(" / "),
                    size, Sql.of(" END")), "", ")");
        }
        WatchNumber.Line line = (WatchNumber.Line) n;
        Double v = on.lines().get(line.prev() ? on.year() - 1 : on.year());
        return v == null ? unknown() : Sql.of(param(), v);
    }

    /** An unknown number (typed: PostgreSQL cannot add two untyped NULLs). */
    private Sql unknown() {
        return Sql.of(dialect == Transactions.Dialect.POSTGRESQL ? "CAST(NULL AS double precision)" : "NULL");
    }

    /** A household field as a double: NULL when it is not a column or (SQLite) its value is not a number. */
    private Sql field(String name) {
        if (columns.get(name) == null || !name.matches("[a-z_][a-z0-9_]*")) {
            return unknown();
        }
        String col = "h.\"" + name + "\"";
        if (dialect == Transactions.Dialect.POSTGRESQL) {
            return columns.get(name) == Kind.NUMBER ? Sql.of("CAST(" + col + " AS double precision)") : unknown();
        }
        return Sql.of("(CASE WHEN typeof(" + col + ") IN ('integer', 'real') THEN CAST(" + col + " AS REAL) END)");
    }
}
