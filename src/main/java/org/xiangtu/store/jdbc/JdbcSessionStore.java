package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import org.xiangtu.store.SessionStore;
import org.xiangtu.store.StoredSession;

/**
 * Sessions over JDBC, for both backends, in the table {@code xiangtu_sessions}: transactions from
 * the backend's {@link Transactions}, statements from {@link WorkSql}. Holds no state of its own.
 */
final class JdbcSessionStore implements SessionStore {
    private final Transactions tx;
    private final WorkSql sql;

    JdbcSessionStore(Transactions tx, WorkSql sql) {
        this.tx = tx;
        this.sql = sql;
    }

    /**
     * In one transaction: {@code lockSessions}, {@code FIND_SESSION} (token hash; held already: refused),
     * then {@code COUNT_USER_SESSIONS} (user) and
     * {@code EVICT_USER_SESSIONS} (user, how many), {@code COUNT_SESSIONS} and {@code EVICT_SESSIONS}
     * (how many), and last {@code INSERT_SESSION} (token hash, user, role, CSRF hash, created, last seen).
     */
    @Override
    public int create(StoredSession s, int maxPerUser, int maxTotal) {
        if (maxPerUser < 1 || maxTotal < 1) {
            throw new IllegalArgumentException("the session limits must be at least 1");
        }
        return tx.write(c -> {
            if (!sql.lockSessions().isEmpty()) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql.lockSessions());
                }
            }
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIND_SESSION)) {
                ps.setString(1, s.tokenHash());
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) { // refused before anything is removed for it
                        throw new IllegalStateException("a session with this token hash exists already");
                    }
                }
            }
            int removed = 0;
            int ofUser = count(c, WorkSql.COUNT_USER_SESSIONS, s.user());
            if (ofUser >= maxPerUser) {
                removed += evict(c, WorkSql.EVICT_USER_SESSIONS, s.user(), ofUser - (maxPerUser - 1));
            }
            int all = count(c, WorkSql.COUNT_SESSIONS, null);
            if (all >= maxTotal) {
                removed += evict(c, WorkSql.EVICT_SESSIONS, null, all - (maxTotal - 1));
            }
            try (PreparedStatement ps = c.prepareStatement(WorkSql.INSERT_SESSION)) {
                ps.setString(1, s.tokenHash());
                ps.setString(2, s.user());
                ps.setString(3, s.role());
                ps.setString(4, s.csrfHash());
                tx.dialect().setInstant(ps, 5, s.createdAt()); // a null time throws here: all rolled back
                tx.dialect().setInstant(ps, 6, s.lastSeen());
                ps.executeUpdate();
            }
            return removed;
        });
    }

    private static int count(Connection c, String statement, String user) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            if (user != null) {
                ps.setString(1, user);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static int evict(Connection c, String statement, String user, int howMany) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(statement)) {
            int i = 1;
            if (user != null) {
                ps.setString(i++, user);
            }
            ps.setInt(i, howMany);
            return ps.executeUpdate();
        }
    }

    /** {@code FIND_SESSION}: token hash. */
    @Override
    public Optional<StoredSession> find(String tokenHash) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.FIND_SESSION)) {
                ps.setString(1, tokenHash);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new StoredSession(rs.getString(1), rs.getString(2),
                            rs.getString(3), rs.getString(4), tx.dialect().getInstant(rs, 5),
                            tx.dialect().getInstant(rs, 6))) : Optional.empty();
                }
            }
        });
    }

    /** {@code TOUCH_SESSION}: at, token hash, at minus {@link #TOUCH_EVERY}. */
    @Override
    public boolean touch(String tokenHash, Instant at) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.TOUCH_SESSION)) {
                tx.dialect().setInstant(ps, 1, at);
                ps.setString(2, tokenHash);
                tx.dialect().setInstant(ps, 3, at.minus(TOUCH_EVERY));
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** {@code DELETE_SESSION}: token hash. */
    @Override
    public boolean delete(String tokenHash) {
        return update(WorkSql.DELETE_SESSION, tokenHash) == 1;
    }

    /** {@code DELETE_USER_SESSIONS}: user. */
    @Override
    public int deleteAll(String user) {
        return update(WorkSql.DELETE_USER_SESSIONS, user);
    }

    private int update(String statement, String value) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(statement)) {
                ps.setString(1, value);
                return ps.executeUpdate();
            }
        });
    }

    /** {@code SWEEP_SESSIONS}: seen before, created before. */
    @Override
    public int sweep(Instant seenBefore, Instant createdBefore) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(WorkSql.SWEEP_SESSIONS)) {
                tx.dialect().setInstant(ps, 1, seenBefore);
                tx.dialect().setInstant(ps, 2, createdBefore);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public int count() {
        return tx.read(c -> count(c, WorkSql.COUNT_SESSIONS, null));
    }
}
