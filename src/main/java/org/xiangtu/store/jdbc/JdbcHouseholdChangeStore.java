package org.xiangtu.store.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.HouseholdChangeStore;

/**
 * Household updates and their review queue over JDBC, for both backends, with the statements of
 * {@link HouseholdChangeSql}. An update or a resolution locks the household's village row, then the
 * household's (the backend's {@code forUpdate}; SQLite has one writer anyway), so that changes to one
 * village's households take turns and each recount of the village sees the others. Thread-safe as its
 * {@link Transactions}.
 */
final class JdbcHouseholdChangeStore implements HouseholdChangeStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Transactions tx;
    private final WorkSql sql;
    private final JdbcWorkStore audit;

    JdbcHouseholdChangeStore(Transactions tx, WorkSql sql, JdbcWorkStore audit) {
        this.tx = tx;
        this.sql = sql;
        this.audit = audit;
    }

    @Override
    public long version(String householdCode) {
        return tx.read(c -> version(c, householdCode));
    }

    @Override
    public Map<String, Long> versions(String cadre) {
        return tx.read(c -> {
            Map<String, Long> out = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.VERSIONS)) {
                ps.setString(1, cadre);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Merged update(Update u) {
        if (u.id() == null || u.householdCode() == null || u.storedAt() == null || u.changes().isEmpty()
                || !EDITABLE.containsAll(u.changes().keySet()) || u.changes().values().stream().anyMatch(java.util.Objects::isNull)) {
            throw new IllegalArgumentException("an update needs its id, household, time and editable fields with values");
        }
        return tx.write(c -> {
            String village = lock(c, u.householdCode());
            if (village == null) {
                throw new IllegalArgumentException("no household " + u.householdCode());
            }
            Optional<Merged> before = stored(c, u.id());
            if (before.isPresent()) {
                return before.get();
            }
            Map<String, Object> now = current(c, u.householdCode());
            long version = version(c, u.householdCode());
            Map<String, Object> applied = new LinkedHashMap<>();
            List<ReviewRef> reviews = new ArrayList<>();
            for (Map.Entry<String, Object> e : u.changes().entrySet()) {
                String field = e.getKey();
                String current = HouseholdChangeStore.text(field, now.get(field));
                String proposed = HouseholdChangeStore.text(field, e.getValue());
                if (proposed.equals(current)) {
                    continue;
                }
                if (!changedSince(c, u.householdCode(), field, u.baseVersion())) {
                    applied.put(field, e.getValue());
                    continue;
                }
                String id = UUID.randomUUID().toString();
                try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.INSERT_REVIEW)) {
                    ps.setString(1, id);
                    ps.setString(2, u.householdCode());
                    ps.setString(3, village);
                    ps.setString(4, field);
                    ps.setString(5, valueAt(c, u.householdCode(), field, u.baseVersion(), current));
                    ps.setString(6, current);
                    ps.setString(7, proposed);
                    ps.setString(8, u.cadre());
                    ps.setString(9, u.at());
                    tx.dialect().setInstant(ps, 10, u.storedAt());
                    ps.executeUpdate();
                }
                reviews.add(new ReviewRef(id, field));
            }
            Map<String, Long> figures = Map.of();
            if (!applied.isEmpty()) {
                version++;
                apply(c, u.householdCode(), version, u.id(), u.cadre(), u.at(), now, applied, u.storedAt());
                figures = recount(c, village, u.storedAt());
            }
            Merged merged = new Merged(u.id(), version, List.copyOf(applied.keySet()), List.copyOf(reviews), village,
                    figures, false);
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.INSERT_UPDATE)) {
                ps.setString(1, u.id());
                ps.setString(2, u.householdCode());
                ps.setString(3, u.cadre());
                ps.setLong(4, u.baseVersion());
                ps.setString(5, u.at());
                ps.setString(6, json(merged));
                tx.dialect().setInstant(ps, 7, u.storedAt());
                ps.executeUpdate();
            }
            audit.append(c, u.audit());
            return merged;
        });
    }

    @Override
    public List<UpdateStatus> updates(String cadre, Instant since) {
        return tx.read(c -> {
            Map<String, Review> reviews = new HashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.CADRE_REVIEWS)) {
                ps.setString(1, cadre);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Review r = review(rs);
                        reviews.put(r.id(), r);
                    }
                }
            }
            List<UpdateStatus> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.CADRE_UPDATES)) {
                ps.setString(1, cadre);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        Merged m = outcome(rs.getString(4), rs.getString(1));
                        UpdateStatus u = new UpdateStatus(rs.getString(1), rs.getString(2), rs.getString(3),
                                tx.dialect().getInstant(rs, 5), m.version(), m.applied(), m.reviews().stream()
                                        .map(ref -> reviews.get(ref.id())).filter(java.util.Objects::nonNull).toList());
                        if (HouseholdChangeStore.since(u, since)) {
                            out.add(u);
                        }
                    }
                }
            }
            return out.size() > MAX_UPDATES ? List.copyOf(out.subList(out.size() - MAX_UPDATES, out.size())) : out;
        });
    }

    @Override
    public List<Review> reviews(String status) {
        return tx.read(c -> {
            List<Review> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.REVIEWS)) {
                ps.setString(1, status);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(review(rs));
                    }
                }
            }
            return out;
        });
    }

    @Override
    public Optional<Review> review(String id) {
        return tx.read(c -> review(c, id, false));
    }

    @Override
    public Map<String, Long> openByVillage() {
        return tx.read(c -> {
            Map<String, Long> out = new LinkedHashMap<>();
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.OPEN_BY_VILLAGE);
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
            return out;
        });
    }

    @Override
    public Resolution resolve(String id, boolean useProposed, String by, Instant at, AuditEntry entry) {
        return tx.write(c -> {
            Optional<Review> found = review(c, id, false);
            if (found.isEmpty()) {
                return new NoSuchReview();
            }
            lock(c, found.get().householdCode());
            Review r = review(c, id, true).orElseThrow();
            if (!r.status().equals("open")) {
                return new AlreadyResolved(r);
            }
            long version = version(c, r.householdCode());
            Map<String, Long> figures = Map.of();
            if (useProposed) {
                Map<String, Object> now = current(c, r.householdCode());
                version++;
                apply(c, r.householdCode(), version, "review:" + id, r.cadre(), r.at(), now,
                        Map.of(r.field(), HouseholdChangeStore.valueOf(r.field(), r.proposedValue())), at);
                figures = recount(c, r.villageCode(), at);
            }
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.RESOLVE)) {
                ps.setString(1, useProposed ? "proposed" : "current");
                ps.setString(2, by);
                tx.dialect().setInstant(ps, 3, at);
                ps.setString(4, id);
                ps.executeUpdate();
            }
            audit.append(c, entry);
            return new Resolved(review(c, id, false).orElseThrow(), version, figures);
        });
    }

    /** Locks the household's village row, then the household's; answers its village code (null: no household). */
    private String lock(Connection c, String code) throws SQLException {
        String village;
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.LOCK_HOUSEHOLD)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                village = rs.getString(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.LOCK_VILLAGE + sql.forUpdate())) {
            ps.setString(1, village);
            ps.executeQuery().close();
        }
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.LOCK_HOUSEHOLD + sql.forUpdate())) {
            ps.setString(1, code);
            ps.executeQuery().close();
        }
        return village;
    }

    /** Sets the fields on the household row and writes one change row per field, all at {@code version}. */
    private void apply(Connection c, String code, long version, String updateId, String cadre, String deviceAt,
            Map<String, Object> before, Map<String, Object> values, Instant at) throws SQLException {
        List<String> fields = List.copyOf(values.keySet());
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.set("households", fields, "code"))) {
            int i = 1;
            for (String f : fields) {
                bind(ps, i++, f, values.get(f));
            }
            tx.dialect().setInstant(ps, i++, at);
            ps.setString(i, code);
            ps.executeUpdate();
        }
        for (String f : fields) {
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.INSERT_CHANGE)) {
                ps.setString(1, code);
                ps.setLong(2, version);
                ps.setString(3, f);
                ps.setString(4, updateId);
                ps.setString(5, HouseholdChangeStore.text(f, before.get(f)));
                ps.setString(6, HouseholdChangeStore.text(f, values.get(f)));
                ps.setString(7, cadre);
                ps.setString(8, deviceAt);
                tx.dialect().setInstant(ps, 9, at);
                ps.executeUpdate();
            }
        }
    }

    /** Recounts the village's computed fields from its households and writes them to its row. */
    private Map<String, Long> recount(Connection c, String village, Instant at) throws SQLException {
        List<Map<String, Object>> households = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.VILLAGE_HOUSEHOLDS)) {
            ps.setString(1, village);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> h = new HashMap<>();
                    h.put("class", rs.getString(1));
                    h.put("size", rs.getLong(2));
                    h.put("extreme_poor_people", rs.getLong(3));
                    households.add(h);
                }
            }
        }
        Map<String, Long> figures = HouseholdFigures.villageFields(households);
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.set("villages",
                HouseholdFigures.VILLAGE_FIELDS, "code"))) {
            int i = 1;
            for (String f : HouseholdFigures.VILLAGE_FIELDS) {
                ps.setLong(i++, figures.get(f));
            }
            tx.dialect().setInstant(ps, i++, at);
            ps.setString(i, village);
            ps.executeUpdate();
        }
        if (tx.dialect() == Transactions.Dialect.SQLITE) {
            try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.GPKG_LAST_CHANGE)) {
                tx.dialect().setInstant(ps, 1, at);
                ps.executeUpdate();
            }
        }
        return figures;
    }

    private void bind(PreparedStatement ps, int i, String field, Object v) throws SQLException {
        if (v instanceof Long n) {
            ps.setLong(i, n);
        } else if (v instanceof Double d) {
            ps.setDouble(i, d);
        } else if (HouseholdChangeStore.isDate(field)) {
            tx.dialect().setDate(ps, i, LocalDate.parse((String) v));
        } else {
            ps.setString(i, (String) v);
        }
    }

    private static long version(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.VERSION)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean changedSince(Connection c, String code, String field, long base) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.CHANGED_SINCE)) {
            ps.setString(1, code);
            ps.setString(2, field);
            ps.setLong(3, base);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    /** The field's value at the base version: the old value of its first change after it. */
    private static String valueAt(Connection c, String code, String field, long base, String current)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT old_value FROM household_changes WHERE "
                + "household_code = ? AND field = ? AND version > ? ORDER BY version LIMIT 1")) {
            ps.setString(1, code);
            ps.setString(2, field);
            ps.setLong(3, base);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : current;
            }
        }
    }

    /** The household's columns now, as the same Java types on both backends. */
    private static Map<String, Object> current(Connection c, String code) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.CURRENT)) {
            ps.setString(1, code);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                Map<String, Object> out = new HashMap<>();
                for (String f : EDITABLE) {
                    out.put(f, JdbcFieldStore.value(rs.getObject(f)));
                }
                return out;
            }
        }
    }

    private static String json(Merged m) throws SQLException {
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new SQLException("unwritable update outcome of " + m.id(), e);
        }
    }

    private Optional<Merged> stored(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.FIND_UPDATE)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Merged m = outcome(rs.getString(1), id);
                return Optional.of(new Merged(m.id(), m.version(), m.applied(), m.reviews(), m.villageCode(),
                        m.villageFields(), true));
            }
        }
    }

    private static Merged outcome(String json, String id) throws SQLException {
        try {
            return JSON.readValue(json, Merged.class);
        } catch (JsonProcessingException e) {
            throw new SQLException("unreadable update outcome of " + id, e);
        }
    }

    private Optional<Review> review(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(HouseholdChangeSql.REVIEW + (lock ? sql.forUpdate() : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(review(rs)) : Optional.empty();
            }
        }
    }

    private Review review(ResultSet rs) throws SQLException {
        return new Review(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), rs.getString(12), tx.dialect().getInstant(rs, 13));
    }
}
