package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.WatchCandidates;

/**
 * The field app's records over JDBC, for both backends, in the catalogue's {@code households},
 * {@code visits} and {@code home_visits} tables (the GeoPackage's feature and attribute tables, or
 * Flyway's {@code V2__layers.sql} and {@code V7__households.sql}). The statements are the portable
 * {@code FIELD_*} ones of {@link WorkSql}; a visit's month row is locked with the backend's
 * {@code forUpdate} before its visits are counted, and the backend's {@code afterVisit} follows. Thread-safe
 * as its {@link Transactions}.
 */
final class JdbcFieldStore implements FieldStore {
    /** Columns of a household that are not among its properties. */
    private static final Set<String> NOT_PROPERTIES = Set.of("fid", "id", "geom", "xt_lon", "xt_lat");
    private final Transactions tx;
    private final WorkSql sql;
    private final JdbcWorkStore audit;
    private final JdbcFieldLogs logs;
    /** The households table's columns (read once: the schema changes only with a migration). */
    private volatile Map<String, WatchConditionSql.Kind> columns;

    JdbcFieldStore(Transactions tx, WorkSql sql, JdbcWorkStore audit) {
        this.tx = tx;
        this.sql = sql;
        this.audit = audit;
        this.logs = new JdbcFieldLogs(tx, sql, audit);
    }

    @Override
    public List<Household> households(String cadre) {
        return tx.read(c -> {
            List<Household> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_HOUSEHOLDS)) {
                ps.setString(1, cadre);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(household(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Household> household(String code) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_HOUSEHOLD)) {
                ps.setString(1, code);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(household(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public void eachHousehold(java.util.function.Consumer<Household> each) {
        each(WorkSql.FIELD_ALL_HOUSEHOLDS, each);
    }

    /** The fields (catalogue names: letters, digits, underscores) and the code, id; all columns otherwise. */
    @Override
    public void eachHousehold(java.util.Collection<String> fields, java.util.function.Consumer<Household> each) {
        eachHousehold(fields, WatchConditionSql.Sql.of("TRUE"), each);
    }

    /** Only the households the candidates' predicate ({@link WatchConditionSql}) selects, in code order. */
    @Override
    public void eachHousehold(java.util.Collection<String> fields, WatchCandidates only,
            java.util.function.Consumer<Household> each) {
        eachHousehold(fields, WatchConditionSql.where(only, columns(), tx.dialect()), each);
    }

    private void eachHousehold(java.util.Collection<String> fields, WatchConditionSql.Sql where,
            java.util.function.Consumer<Household> each) {
        java.util.Set<String> names = new java.util.LinkedHashSet<>(List.of("id", "code"));
        names.addAll(fields);
        names.retainAll(columns().keySet());
        names.addAll(List.of("id", "code"));
        if (!names.stream().allMatch(n -> n.matches("[a-z_][a-z0-9_]*"))) {
            throw new IllegalArgumentException("household fields are letters, digits and underscores: " + names);
        }
        each("SELECT " + String.join(", ", names.stream().map(n -> "h.\"" + n + "\"").toList())
                + " FROM households h WHERE " + where.text() + " ORDER BY h.code, h.id", where, each);
    }

    /** The households table's columns and what they hold, read once from its declared types. */
    private Map<String, WatchConditionSql.Kind> columns() {
        Map<String, WatchConditionSql.Kind> known = columns;
        if (known == null) {
            known = tx.read(c -> {
                Map<String, WatchConditionSql.Kind> out = new LinkedHashMap<>();
                try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_NO_HOUSEHOLD);
                        ResultSet rs = ps.executeQuery()) {
                    java.sql.ResultSetMetaData meta = rs.getMetaData();
                    for (int i = 1; i <= meta.getColumnCount(); i++) {
                        out.put(meta.getColumnLabel(i), WatchConditionSql.kindOf(meta.getColumnTypeName(i)));
                    }
                }
                return Map.copyOf(out);
            });
            columns = known;
        }
        return known;
    }

    private void each(String statement, java.util.function.Consumer<Household> each) {
        each(statement, WatchConditionSql.Sql.of("TRUE"), each);
    }

    /**
     * Streams the statement's rows in a read-only transaction (autocommit off, so that PostgreSQL's driver
     * reads them 1,000 at a time through a cursor), its parameters bound from {@code where}.
     */
    private void each(String statement, WatchConditionSql.Sql where, java.util.function.Consumer<Household> each) {
        tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                where.bind(ps, 1);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    Columns cols = new Columns(rs.getMetaData());
                    while (rs.next()) {
                        each.accept(household(rs, cols));
                    }
                }
            }
            return null;
        });
    }

    @Override
    public List<ReportedEvent> reported(String householdCode, String sinceAt) {
        return tx.read(c -> {
            List<ReportedEvent> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(householdCode == null ? WorkSql.FIELD_REPORTED
                    : WorkSql.FIELD_REPORTED_OF)) {
                int i = 1;
                if (householdCode != null) {
                    ps.setString(i++, householdCode);
                }
                ps.setString(i, sinceAt);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ReportedEvent(rs.getString(1), rs.getString(2), rs.getString(3)));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Visit> visit(String id) {
        return tx.read(c -> visit(c, id));
    }

    /**
     * In one transaction: {@code FIELD_INSERT_VISIT} (nothing more when the id is taken), then
     * {@code FIELD_ENSURE_MONTH} (id, village, month, at), {@code FIELD_LOCK_MONTH} with the backend's
     * {@code forUpdate} (id), {@code FIELD_COUNT_MONTH} (village, {@code YYYY-MM}), {@code FIELD_SET_MONTH}
     * (count, at, id), {@code afterVisit} (at) and the audit entry.
     */
    @Override
    public Outcome addVisit(Visit v, AuditEntry entry) {
        if (v.id() == null || v.villageCode() == null || v.at() == null || v.at().length() < 7
                || v.updatedAt() == null || (v.lon() == null) != (v.lat() == null)) {
            throw new IllegalArgumentException("a visit needs its id, village, time and stamp, and both coordinates or none");
        }
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_INSERT_VISIT)) {
                ps.setString(1, v.id());
                if (v.lon() == null) {
                    ps.setNull(2, Types.BINARY);
                } else {
                    ps.setBytes(2, new WKBWriter(2).write(Crs.LONLAT.createPoint(
                            new org.locationtech.jts.geom.Coordinate(v.lon(), v.lat()))));
                }
                ps.setString(3, v.householdCode());
                ps.setString(4, v.villageCode());
                ps.setString(5, v.cadre());
                ps.setString(6, v.at());
                ps.setString(7, v.kind());
                ps.setString(8, v.note());
                ps.setLong(9, v.photos());
                tx.dialect().setInstant(ps, 10, v.updatedAt());
                ps.setString(11, v.reported());
                if (ps.executeUpdate() == 0) {
                    return new Duplicate(visit(c, v.id()).orElseThrow());
                }
            }
            String month = HouseholdFigures.monthOf(v.at());
            String monthId = "visit-" + v.villageCode() + "-" + month.substring(0, 7);
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_ENSURE_MONTH)) {
                ps.setString(1, monthId);
                ps.setString(2, v.villageCode());
                tx.dialect().setDate(ps, 3, LocalDate.parse(month));
                tx.dialect().setInstant(ps, 4, v.updatedAt());
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_LOCK_MONTH + sql.forUpdate())) {
                ps.setString(1, monthId);
                ps.executeQuery().close();
            }
            long count;
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_COUNT_MONTH)) {
                ps.setString(1, v.villageCode());
                ps.setString(2, month.substring(0, 7));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_SET_MONTH)) {
                ps.setLong(1, count);
                tx.dialect().setInstant(ps, 2, v.updatedAt());
                ps.setString(3, monthId);
                ps.executeUpdate();
            }
            for (String after : sql.afterVisit()) {
                try (PreparedStatement ps = c.prepareStatement(after)) {
                    tx.dialect().setInstant(ps, 1, v.updatedAt());
                    ps.executeUpdate();
                }
            }
            audit.append(c, entry);
            return new Added(visit(c, v.id()).orElseThrow(), count);
        });
    }

    private Optional<Visit> visit(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WorkSql.FIELD_VISIT)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Visit(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getLong(8), number(rs.getObject(9)),
                        number(rs.getObject(10)), tx.dialect().getInstant(rs, 11), rs.getString(12)));
            }
        }
    }

    /** A household row: every column but the key and geometry as a property, in table order. */
    private Household household(ResultSet rs) throws SQLException {
        return household(rs, new Columns(rs.getMetaData()));
    }

    /** A result's household columns, read once for all its rows. */
    private static final class Columns {
        final String[] names;
        /** PostgreSQL's {@code date} columns: read as their text (YYYY-MM-DD), not through java.sql.Date. */
        final boolean[] pgDate;
        final int id;
        final int lon;
        final int lat;

        Columns(ResultSetMetaData meta) throws SQLException {
            names = new String[meta.getColumnCount() + 1];
            pgDate = new boolean[names.length];
            int idAt = 0;
            int lonAt = 0;
            int latAt = 0;
            for (int i = 1; i < names.length; i++) {
                String name = meta.getColumnLabel(i);
                switch (name) {
                    case "id" -> idAt = i;
                    case "xt_lon" -> lonAt = i;
                    case "xt_lat" -> latAt = i;
                    default -> {
                    }
                }
                names[i] = NOT_PROPERTIES.contains(name) ? null : name;
                pgDate[i] = "date".equals(meta.getColumnTypeName(i));
            }
            id = idAt;
            lon = lonAt;
            lat = latAt;
        }
    }

    private Household household(ResultSet rs, Columns cols) throws SQLException {
        Map<String, Object> properties = new LinkedHashMap<>(cols.names.length * 2);
        for (int i = 1; i < cols.names.length; i++) {
            String name = cols.names[i];
            if (name == null) {
                continue;
            }
            properties.put(name, name.equals("updated_at") ? String.valueOf(tx.dialect().getInstant(rs, i))
                    : cols.pgDate[i] ? rs.getString(i) : value(rs.getObject(i)));
        }
        return new Household(rs.getString(cols.id), (String) properties.get("code"),
                cols.lon == 0 ? null : number(rs.getObject(cols.lon)), cols.lat == 0 ? null : number(rs.getObject(cols.lat)),
                properties);
    }

    /** One value as the same Java type on both backends: text, {@code Long}, {@code Double}, dates as text. */
    static Object value(Object v) {
        if (v instanceof Integer || v instanceof Short || v instanceof Long) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float || v instanceof Double || v instanceof java.math.BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (v instanceof LocalDate d) {
            return d.toString();
        }
        return v;
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }

    // ---- work logs and assignments: JdbcFieldLogs ----

    @Override
    public Optional<WorkLog> log(String id) {
        return logs.log(id);
    }

    @Override
    public List<WorkLog> logs(String cadre, int limit, int offset) {
        return logs.logs(cadre, limit, offset);
    }

    @Override
    public LogOutcome addLog(WorkLog log, AuditEntry entry) {
        return logs.addLog(log, entry);
    }

    @Override
    public Assignment assign(String cadre, List<String> codes, java.time.Instant at,
            java.util.function.Function<Map<String, String>, AuditEntry> entry) {
        return logs.assign(cadre, codes, at, entry);
    }
}
