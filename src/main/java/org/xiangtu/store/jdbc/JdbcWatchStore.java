package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.WatchStore;

/**
 * {@link WatchStore} over JDBC for both backends, statements from {@link WatchSql}: each change with its
 * audit entry in one transaction of the backend's {@link Transactions}; an alert to be closed is read with
 * the backend's {@code forUpdate}, so two closings take turns and the second finds it closed.
 */
final class JdbcWatchStore implements WatchStore {
    private final Transactions tx;
    private final JdbcWorkStore audit;

    JdbcWatchStore(Transactions tx, JdbcWorkStore audit) {
        this.tx = tx;
        this.audit = audit;
    }

    private record Household(String village, String cadre) {
    }

    /**
     * The hits' households and their alerts are read with one query per {@link WatchSql#CHUNK} codes; a hit
     * whose rule and household have an open alert, or had one on the same basis, is skipped without a
     * statement; the rest go to {@link WatchSql#INSERT_ALERT} in one batch (which still skips, by its own
     * conditions, anything opened meanwhile), and the opened alerts are made from what was inserted.
     */
    @Override
    public Opened open(List<NewAlert> hits, Instant at, Function<Opened, AuditEntry> entry) {
        return tx.write(c -> {
            if (tx.dialect() == Transactions.Dialect.POSTGRESQL) {
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute(WatchSql.LOOKUPS_BY_INDEX);
                }
            }
            List<String> codes = hits.stream().map(NewAlert::householdCode).distinct().toList();
            Map<String, Household> found = households(c, codes);
            java.util.Set<String> taken = taken(c, codes);
            List<NewAlert> insert = new ArrayList<>();
            List<NewAlert> already = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (NewAlert hit : hits) {
                if (!found.containsKey(hit.householdCode())) {
                    if (!unknown.contains(hit.householdCode())) {
                        unknown.add(hit.householdCode());
                    }
                } else if (taken.contains(key(hit.rule(), hit.householdCode(), null))
                        || taken.contains(key(hit.rule(), hit.householdCode(), hit.basis()))) {
                    already.add(hit);
                } else {
                    insert.add(hit);
                }
            }
            List<Alert> opened = new ArrayList<>();
            if (!insert.isEmpty()) {
                int[] counts = tx.dialect() == Transactions.Dialect.POSTGRESQL ? insertAll(c, insert, found, at)
                        : insertEach(c, insert, found, at);
                Instant openedAt = Instant.parse(WatchStore.time(at));
                for (int i = 0; i < insert.size(); i++) {
                    NewAlert hit = insert.get(i);
                    if (counts[i] == 1) {
                        Household h = found.get(hit.householdCode());
                        opened.add(new Alert(hit.id(), hit.rule(), hit.householdCode(), h.village(), h.cadre(),
                                hit.tier(), hit.actor(), openedAt, hit.dueOn(), hit.reason(), OPEN, null, null, null,
                                null, hit.basis()));
                    } else {
                        already.add(hit);
                    }
                }
            }
            Opened out = new Opened(List.copyOf(opened), List.copyOf(already), List.copyOf(unknown));
            if (!opened.isEmpty()) {
                touched(c, at);
                audit.append(c, entry.apply(out));
            }
            return out;
        });
    }

    /** SQLite: the guarded insert once per hit, in one JDBC batch; 1 for each inserted. */
    private int[] insertEach(Connection c, List<NewAlert> insert, Map<String, Household> found, Instant at)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WatchSql.INSERT_ALERT)) {
            for (NewAlert hit : insert) {
                Household h = found.get(hit.householdCode());
                ps.setString(1, hit.id());
                ps.setString(2, hit.householdCode());
                ps.setString(3, hit.rule());
                ps.setString(4, hit.householdCode());
                ps.setString(5, h.village());
                ps.setString(6, h.cadre());
                ps.setString(7, hit.tier());
                ps.setString(8, hit.actor());
                ps.setString(9, WatchStore.time(at));
                tx.dialect().setDate(ps, 10, hit.dueOn());
                ps.setString(11, hit.reason());
                ps.setString(12, hit.basis());
                tx.dialect().setInstant(ps, 13, at);
                ps.setString(14, hit.rule());
                ps.setString(15, hit.householdCode());
                ps.setString(16, hit.basis());
                ps.addBatch();
            }
            return ps.executeBatch();
        }
    }

    /**
     * PostgreSQL: every hit in one statement ({@link WatchSql#INSERT_ALERTS}: the same guard, over arrays), which
     * answers the ids it inserted; 1 for each of those. A nightly run's 500 hits are one round trip, not 500.
     */
    private int[] insertAll(Connection c, List<NewAlert> insert, Map<String, Household> found, Instant at)
            throws SQLException {
        int n = insert.size();
        String[][] columns = new String[10][n];
        for (int i = 0; i < n; i++) {
            NewAlert hit = insert.get(i);
            Household h = found.get(hit.householdCode());
            String[] row = {hit.id(), hit.rule(), hit.householdCode(), h.village(), h.cadre(), hit.tier(), hit.actor(),
                hit.dueOn().toString(), hit.reason(), hit.basis()};
            for (int k = 0; k < row.length; k++) {
                columns[k][i] = row[k];
            }
        }
        java.util.Set<String> inserted = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(WatchSql.INSERT_ALERTS)) {
            ps.setString(1, WatchStore.time(at));
            tx.dialect().setInstant(ps, 2, at);
            for (int k = 0; k < columns.length; k++) {
                ps.setArray(3 + k, c.createArrayOf("text", columns[k]));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    inserted.add(rs.getString(1));
                }
            }
        }
        int[] counts = new int[n];
        for (int i = 0; i < n; i++) {
            counts[i] = inserted.contains(insert.get(i).id()) ? 1 : 0;
        }
        return counts;
    }

    /** rule, household, and basis (null for "an open alert"). */
    private static String key(String rule, String household, String basis) {
        return rule + '\u0000' + household + '\u0000' + (basis == null ? "\u0000open" : basis);
    }

    /** The keys of the households' alerts: each one's (rule, household, basis), and (rule, household) if open. */
    private java.util.Set<String> taken(Connection c, List<String> codes) throws SQLException {
        java.util.Set<String> out = new java.util.HashSet<>();
        for (int i = 0; i < codes.size(); i += WatchSql.CHUNK) {
            List<String> chunk = codes.subList(i, Math.min(codes.size(), i + WatchSql.CHUNK));
            try (PreparedStatement ps = c.prepareStatement(WatchSql.alertKeys(chunk.size()))) {
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(k + 1, chunk.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(key(rs.getString(1), rs.getString(2), rs.getString(3)));
                        if (OPEN.equals(rs.getString(4))) {
                            out.add(key(rs.getString(1), rs.getString(2), null));
                        }
                    }
                }
            }
        }
        return out;
    }

    private Map<String, Household> households(Connection c, List<String> codes) throws SQLException {
        Map<String, Household> out = new HashMap<>();
        for (int i = 0; i < codes.size(); i += WatchSql.CHUNK) {
            List<String> chunk = codes.subList(i, Math.min(codes.size(), i + WatchSql.CHUNK));
            try (PreparedStatement ps = c.prepareStatement(WatchSql.households(chunk.size()))) {
                for (int k = 0; k < chunk.size(); k++) {
                    ps.setString(k + 1, chunk.get(k));
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.putIfAbsent(rs.getString(1), new Household(rs.getString(2), rs.getString(3)));
                    }
                }
            }
        }
        return out;
    }

    @Override
    public Optional<Alert> alert(String id) {
        return tx.read(c -> alert(c, id, ""));
    }

    private Optional<Alert> alert(Connection c, String id, String lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WatchSql.ALERT + lock)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Alert> alerts(AlertQuery q) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(WatchSql.ALERTS)) {
                String[] filters = {q.cadre(), q.villagePrefix(), q.householdCode(), q.status()};
                for (int i = 0; i < filters.length; i++) {
                    ps.setString(2 * i + 1, filters[i]);
                    ps.setString(2 * i + 2, filters[i]);
                }
                ps.setInt(9, q.limit());
                ps.setInt(10, q.offset());
                List<Alert> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(alert(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public Closing close(String id, boolean confirmed, String note, String visitId, String by, Instant at,
            AuditEntry entry) {
        return tx.write(c -> {
            Optional<Alert> found = alert(c, id, tx.dialect().forUpdate());
            if (found.isEmpty()) {
                return new NoAlert();
            }
            if (!found.get().isOpen()) {
                return new NotOpen(found.get());
            }
            try (PreparedStatement ps = c.prepareStatement(WatchSql.CLOSE)) {
                ps.setString(1, confirmed ? CONFIRMED : NOT_CONFIRMED);
                ps.setString(2, WatchStore.time(at));
                ps.setString(3, by);
                ps.setString(4, visitId);
                ps.setString(5, note);
                tx.dialect().setInstant(ps, 6, at);
                ps.setString(7, id);
                ps.executeUpdate();
            }
            Alert closed = alert(c, id, "").orElseThrow();
            Optional<Monitoring> monitoring = Optional.empty();
            if (confirmed) {
                try (PreparedStatement ps = c.prepareStatement(WatchSql.START_MONITORING)) {
                    ps.setString(1, "monitoring-" + id);
                    ps.setString(2, closed.householdCode());
                    ps.setString(3, closed.householdCode());
                    ps.setString(4, closed.villageCode());
                    tx.dialect().setDate(ps, 5, at.atZone(WatchStore.ZONE).toLocalDate());
                    ps.setString(6, id);
                    ps.setString(7, note);
                    tx.dialect().setInstant(ps, 8, at);
                    ps.executeUpdate();
                }
                monitoring = current(c, closed.householdCode());
            }
            touched(c, at);
            audit.append(c, entry);
            return new Closed(closed, monitoring);
        });
    }

    private Optional<Monitoring> current(Connection c, String household) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(WatchSql.CURRENT_MONITORING)) {
            ps.setString(1, household);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(monitoring(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public List<Monitoring> monitoring(String villagePrefix, boolean currentOnly) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    currentOnly ? WatchSql.CURRENT_MONITORINGS : WatchSql.MONITORING)) {
                ps.setString(1, villagePrefix);
                ps.setString(2, villagePrefix);
                List<Monitoring> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(monitoring(rs));
                    }
                }
                return out;
            }
        });
    }

    @Override
    public boolean endMonitoring(String householdCode, LocalDate on, String reason, String by, AuditEntry entry) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(WatchSql.END_MONITORING)) {
                tx.dialect().setDate(ps, 1, on);
                ps.setString(2, reason);
                ps.setString(3, by);
                tx.dialect().setInstant(ps, 4, entry.at());
                ps.setString(5, householdCode);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            touched(c, entry.at());
            audit.append(c, entry);
            return true;
        });
    }

    /** On GeoPackage, the layers' {@code last_change} (what GIS clients and the store's data version read). */
    private void touched(Connection c, Instant at) throws SQLException {
        if (tx.dialect() == Transactions.Dialect.SQLITE) {
            try (PreparedStatement ps = c.prepareStatement(WatchSql.GPKG_LAST_CHANGE)) {
                tx.dialect().setInstant(ps, 1, at);
                ps.executeUpdate();
            }
        }
    }

    private Alert alert(ResultSet rs) throws SQLException {
        return new Alert(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), instant(rs.getString(8)), date(rs, 9), rs.getString(10),
                rs.getString(11), instant(rs.getString(12)), rs.getString(13), rs.getString(14), rs.getString(15),
                rs.getString(16));
    }

    private static Instant instant(String s) {
        return s == null ? null : Instant.parse(s);
    }

    private Monitoring monitoring(ResultSet rs) throws SQLException {
        return new Monitoring(rs.getString(1), rs.getString(2), date(rs, 3), rs.getString(4), rs.getString(5),
                date(rs, 6), rs.getString(7), rs.getString(8));
    }

    private static LocalDate date(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        return v instanceof java.sql.Date d ? d.toLocalDate() : LocalDate.parse(v.toString().substring(0, 10));
    }
}
