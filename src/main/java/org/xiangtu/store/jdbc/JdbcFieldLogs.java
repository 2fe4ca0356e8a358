package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.io.WKBWriter;
import org.xiangtu.geo.Crs;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.FieldStore.Assigned;
import org.xiangtu.store.FieldStore.Assignment;
import org.xiangtu.store.FieldStore.LogOutcome;
import org.xiangtu.store.FieldStore.UnknownHouseholds;
import org.xiangtu.store.FieldStore.WorkLog;

/**
 * {@link JdbcFieldStore}'s work logs and assignments, for both backends: a work log and its audit entry in
 * one transaction (nothing more when its id is taken), and the cadre of many households with the audit
 * entry in one transaction, the households' rows locked with the backend's {@code forUpdate} while their
 * previous cadres are read. Statements are {@link FieldLogSql}'s. Thread-safe as its {@link Transactions}.
 */
final class JdbcFieldLogs {
    private final Transactions tx;
    private final WorkSql sql;
    private final JdbcWorkStore audit;

    JdbcFieldLogs(Transactions tx, WorkSql sql, JdbcWorkStore audit) {
        this.tx = tx;
        this.sql = sql;
        this.audit = audit;
    }

    Optional<WorkLog> log(String id) {
        return tx.read(c -> log(c, id));
    }

    List<WorkLog> logs(String cadre, int limit, int offset) {
        return tx.read(c -> {
            List<WorkLog> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(FieldLogSql.LOGS)) {
                ps.setString(1, cadre);
                ps.setInt(2, limit);
                ps.setInt(3, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(log(rs));
                    }
                }
            }
            return out;
        });
    }

    LogOutcome addLog(WorkLog log, AuditEntry entry) {
        if (log.id() == null || log.villageCode() == null || log.at() == null || log.updatedAt() == null
                || (log.lon() == null) != (log.lat() == null)) {
            throw new IllegalArgumentException("a work log needs its id, village, time and stamp, and both coordinates or none");
        }
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(FieldLogSql.INSERT_LOG)) {
                ps.setString(1, log.id());
                if (log.lon() == null) {
                    ps.setNull(2, Types.BINARY);
                } else {
                    ps.setBytes(2, new WKBWriter(2).write(Crs.LONLAT.createPoint(new Coordinate(log.lon(), log.lat()))));
                }
                ps.setString(3, log.householdCode());
                ps.setString(4, log.villageCode());
                ps.setString(5, log.cadre());
                ps.setString(6, log.at());
                ps.setString(7, log.kind());
                ps.setString(8, log.text());
                ps.setLong(9, log.photos());
                tx.dialect().setInstant(ps, 10, log.updatedAt());
                if (ps.executeUpdate() == 0) {
                    return new LogOutcome(false, log(c, log.id()).orElseThrow());
                }
            }
            audit.append(c, entry);
            return new LogOutcome(true, log(c, log.id()).orElseThrow());
        });
    }

    Assignment assign(String cadre, List<String> codes, Instant at, Function<Map<String, String>, AuditEntry> entry) {
        return tx.write(c -> {
            Map<String, String> found = new HashMap<>();
            for (List<String> chunk : chunks(codes)) {
                try (PreparedStatement ps = c.prepareStatement(FieldLogSql.cadresOf(chunk.size()) + sql.forUpdate())) {
                    bind(ps, 1, chunk);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            found.putIfAbsent(rs.getString(1), rs.getString(2));
                        }
                    }
                }
            }
            List<String> unknown = codes.stream().filter(code -> !found.containsKey(code)).distinct().toList();
            if (!unknown.isEmpty()) {
                return new UnknownHouseholds(unknown);
            }
            for (List<String> chunk : chunks(codes)) {
                try (PreparedStatement ps = c.prepareStatement(FieldLogSql.assign(chunk.size()))) {
                    ps.setString(1, cadre);
                    tx.dialect().setInstant(ps, 2, at);
                    bind(ps, 3, chunk);
                    ps.executeUpdate();
                }
            }
            Map<String, String> previous = new LinkedHashMap<>();
            codes.forEach(code -> previous.put(code, found.get(code)));
            audit.append(c, entry.apply(previous));
            return new Assigned(previous);
        });
    }

    private static List<List<String>> chunks(List<String> codes) {
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < codes.size(); i += FieldLogSql.CHUNK) {
            out.add(codes.subList(i, Math.min(codes.size(), i + FieldLogSql.CHUNK)));
        }
        return out;
    }

    private static void bind(PreparedStatement ps, int first, List<String> codes) throws SQLException {
        for (int i = 0; i < codes.size(); i++) {
            ps.setString(first + i, codes.get(i));
        }
    }

    private Optional<WorkLog> log(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(FieldLogSql.LOG)) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(log(rs)) : Optional.empty();
            }
        }
    }

    private WorkLog log(ResultSet rs) throws SQLException {
        return new WorkLog(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getLong(8), number(rs.getObject(9)), number(rs.getObject(10)),
                tx.dialect().getInstant(rs, 11));
    }

    private static Double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : null;
    }
}
