package org.xiangtu.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.AuditStore;
import org.xiangtu.store.FieldStore;
import org.xiangtu.store.HouseholdChangeStore;
import org.xiangtu.store.PhotoStore;
import org.xiangtu.store.PlannerLayerStore;
import org.xiangtu.store.ProjectEditStore;
import org.xiangtu.store.SessionStore;
import org.xiangtu.store.StoredUser;
import org.xiangtu.store.UserStore;
import org.xiangtu.store.WorkStore;

/**
 * The work interfaces over JDBC, for both backends: the transactions come from the backend's
 * {@link Transactions} (one serialised SQLite writer, or a PostgreSQL pool with row locks) and the
 * statements from its {@link WorkSql}. Holds no state of its own, so it is as thread-safe as the
 * transactions. Planner layers are a {@link JdbcPlannerLayerStore}, the field app's records a
 * {@link JdbcFieldStore} and its photos a {@link JdbcPhotoStore}, on the same transactions.
 */
public final class JdbcWorkStore implements WorkStore, UserStore, AuditStore, ProjectEditStore {
    private final Transactions tx;
    private final WorkSql sql;
    private final JdbcPlannerLayerStore plannerLayers;
    private final SessionStore sessions;
    private final JdbcFieldStore field;
    private final JdbcHouseholdChangeStore householdChanges;
    private final JdbcPhotoStore photos;
    private final JdbcWatchStore watch;
    private final JdbcLayerVersionStore layerVersions;

    /** @param photoSql the photo statements of the backend ({@link JdbcPhotoStore}; its schema runs here) */
    public JdbcWorkStore(Transactions tx, WorkSql sql, PhotoSql photoSql) {
        this(tx, sql, photoSql, null);
    }

    /** @param uploads the folder of unfinished photo uploads' bytes, one file each; null: rows of the store */
    public JdbcWorkStore(Transactions tx, WorkSql sql, PhotoSql photoSql, java.nio.file.Path uploads) {
        this.tx = tx;
        this.sql = sql;
        this.plannerLayers = new JdbcPlannerLayerStore(tx, sql, this);
        this.sessions = new JdbcSessionStore(tx, sql);
        this.field = new JdbcFieldStore(tx, sql, this);
        this.householdChanges = new JdbcHouseholdChangeStore(tx, sql, this);
        this.photos = new JdbcPhotoStore(tx, photoSql, this, uploads);
        this.watch = new JdbcWatchStore(tx, this);
        this.layerVersions = new JdbcLayerVersionStore(tx, this);
    }

    @Override
    public UserStore users() {
        return this;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public AuditStore audit() {
        return this;
    }

    @Override
    public ProjectEditStore projects() {
        return this;
    }

    @Override
    public PlannerLayerStore plannerLayers() {
        return plannerLayers;
    }

    @Override
    public FieldStore field() {
        return field;
    }

    @Override
    public HouseholdChangeStore householdChanges() {
        return householdChanges;
    }

    public PhotoStore photos() {
        return photos;
    }

    @Override
    public org.xiangtu.store.WatchStore watch() {
        return watch;
    }

    @Override
    public org.xiangtu.store.LayerVersionStore layerVersions() {
        return layerVersions;
    }

    @Override
    public void close() {
        tx.close();
    }

    // ---- users ----

    @Override
    public Optional<StoredUser> find(String name) {
        return tx.read(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.findUser())) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<StoredUser> list() {
        return tx.read(c -> {
            List<StoredUser> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.listUsers()); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(user(rs));
                }
            }
            return out;
        });
    }

    /** {@code insertUser}: name, role, hash, created, updated; does nothing on a taken name. */
    @Override
    public boolean insert(StoredUser u) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.insertUser())) {
                ps.setString(1, u.name());
                ps.setString(2, u.role());
                ps.setString(3, u.passwordHash());
                tx.dialect().setInstant(ps, 4, u.createdAt());
                tx.dialect().setInstant(ps, 5, u.updatedAt());
                return ps.executeUpdate() == 1;
            }
        });
    }

    /** {@code setPassword}: hash, updated, name. */
    @Override
    public boolean setPassword(String name, String passwordHash, java.time.Instant updatedAt) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.setPassword())) {
                ps.setString(1, passwordHash);
                tx.dialect().setInstant(ps, 2, updatedAt);
                ps.setString(3, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public boolean delete(String name) {
        return tx.write(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.deleteUser())) {
                ps.setString(1, name);
                return ps.executeUpdate() == 1;
            }
        });
    }

    private StoredUser user(ResultSet rs) throws SQLException {
        return new StoredUser(rs.getString(1), rs.getString(2), rs.getString(3), tx.dialect().getInstant(rs, 4),
                tx.dialect().getInstant(rs, 5));
    }

    // ---- audit ----

    @Override
    public void append(AuditEntry e) {
        check(e);
        tx.write(c -> {
            append(c, e);
            return null;
        });
    }

    /** Appends inside the caller's transaction ({@code insertAudit}: at, actor, address, action, target, outcome, detail). */
    public void append(Connection c, AuditEntry e) throws SQLException {
        check(e);
        try (PreparedStatement ps = c.prepareStatement(sql.insertAudit())) {
            tx.dialect().setInstant(ps, 1, e.at());
            ps.setString(2, e.actor());
            ps.setString(3, e.address());
            ps.setString(4, e.action());
            ps.setString(5, e.target());
            ps.setString(6, e.outcome());
            ps.setString(7, e.detail());
            ps.executeUpdate();
        }
    }

    private static void check(AuditEntry e) {
        if (e.at() == null || e.action() == null || e.outcome() == null) {
            throw new IllegalArgumentException("an audit entry needs its time, action and outcome");
        }
    }

    /** {@code pageAudit}: action, action, actor, actor, limit, offset. */
    @Override
    public List<AuditEntry> page(String action, String actor, int limit, int offset) {
        return tx.read(c -> {
            List<AuditEntry> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql.pageAudit())) {
                ps.setString(1, action);
                ps.setString(2, action);
                ps.setString(3, actor);
                ps.setString(4, actor);
                ps.setInt(5, limit);
                ps.setInt(6, offset);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new AuditEntry(rs.getLong(1), tx.dialect().getInstant(rs, 2), rs.getString(3),
                                rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8)));
                    }
                }
            }
            return out;
        });
    }

    // ---- project edits ----

    @Override
    public Optional<ProjectState> state(String projectId) {
        return tx.read(c -> state(c, projectId, false));
    }

    /**
     * In one transaction: lock and read the project, compare, then {@code updateProject} (status,
     * progress, at, id), {@code appendHistory} (history id, project id, day, progress, status, note,
     * by, at), {@code afterProjectUpdate} (at) and the audit entry.
     */
    @Override
    public Outcome update(String projectId, Version expected, Change change) {
        return tx.write(c -> {
            Optional<ProjectState> now = state(c, projectId, true);
            if (now.isEmpty()) {
                return new NotFound();
            }
            if (!now.get().version().sameAs(expected)) {
                return new Conflict(now.get());
            }
            try (PreparedStatement ps = c.prepareStatement(sql.updateProject())) {
                ps.setString(1, change.status());
                ps.setDouble(2, change.progressPct());
                tx.dialect().setInstant(ps, 3, change.at());
                ps.setString(4, projectId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(sql.appendHistory())) {
                ps.setString(1, change.historyId());
                ps.setString(2, projectId);
                tx.dialect().setDate(ps, 3, change.day());
                ps.setDouble(4, change.progressPct());
                ps.setString(5, change.status());
                ps.setString(6, change.note());
                ps.setString(7, change.by());
                tx.dialect().setInstant(ps, 8, change.at());
                ps.executeUpdate();
            }
            for (String after : sql.afterProjectUpdate()) {
                try (PreparedStatement ps = c.prepareStatement(after)) {
                    tx.dialect().setInstant(ps, 1, change.at());
                    ps.executeUpdate();
                }
            }
            append(c, change.audit());
            return new Updated(new Version(expected.number() + 1, change.at()));
        });
    }

    private Optional<ProjectState> state(Connection c, String projectId, boolean lock) throws SQLException {
        String status;
        double progress;
        java.time.Instant updated;
        try (PreparedStatement ps = c.prepareStatement(sql.projectState() + (lock ? sql.forUpdate() : ""))) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                status = rs.getString(1);
                progress = rs.getDouble(2);
                updated = tx.dialect().getInstant(rs, 3);
            }
        }
        try (PreparedStatement ps = c.prepareStatement(sql.historySize())) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return Optional.of(new ProjectState(projectId, status, progress, new Version(rs.getLong(1), updated)));
            }
        }
    }
}
