package org.xiangtu.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.xiangtu.store.EditStore;

/**
 * The audit log: sign-ins (also failed ones), imports, exports and edits, appended to the store's
 * {@code xiangtu_audit} table and never changed. An edit appends its entry in the edit's own
 * transaction ({@link #append(Connection, Entry)}), so a change without its entry cannot exist.
 */
public final class AuditLog {
    static final String INSERT = "INSERT INTO xiangtu_audit (at, actor, address, action, target, outcome, detail) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?)";
    static final String PAGE = "SELECT seq, at, actor, address, action, target, outcome, detail FROM xiangtu_audit "
            + "WHERE (? IS NULL OR action = ?) AND (? IS NULL OR actor = ?) ORDER BY seq DESC LIMIT ? OFFSET ?";

    /** One entry; {@code seq} is assigned by the store (0 before). {@code detail} is a JSON text or null. */
    public record Entry(long seq, Instant at, String actor, String address, String action, String target,
            String outcome, String detail) {
        public static Entry of(String actor, String address, String action, String target, String outcome,
                String detail) {
            return new Entry(0, Instant.now(), actor, address, action, target, outcome, detail);
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

    private final EditStore store;

    /** A detail value as compact JSON text. */
    public static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public AuditLog(EditStore store) {
        this.store = store;
    }

    /** Appends an entry in a transaction of its own. */
    public void record(Entry e) {
        store.write(c -> {
            append(c, e);
            return null;
        });
    }

    /** Appends an entry inside the caller's transaction. */
    public void append(Connection c, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT)) {
            store.dialect().setInstant(ps, 1, e.at());
            ps.setString(2, e.actor());
            ps.setString(3, e.address());
            ps.setString(4, e.action());
            ps.setString(5, e.target());
            ps.setString(6, e.outcome());
            ps.setString(7, e.detail());
            ps.executeUpdate();
        }
    }

    /** The newest entries first, optionally only one action or one actor. */
    public List<Entry> page(String action, String actor, int limit, int offset) {
        return store.read(c -> {
            List<Entry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(PAGE)) {
                ps.setString(1, action);
                ps.setString(2, action);
                ps.setString(3, actor);
                ps.setString(4, actor);
                ps.setInt(5, limit);
                ps.setInt(6, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new Entry(rs.getLong(1), store.dialect().getInstant(rs, 2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }
}
