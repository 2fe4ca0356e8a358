package org.xiangtu.edit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.account.AuditLog;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.FieldDef;
import org.xiangtu.store.EditStore;

/**
 * Planners' progress updates of a project, with optimistic concurrency.
 *
 * <p>A project's version is the number of entries in its history ({@code project_updates}); the
 * ETag is {@code "<version>-<updated_at in ms>"}. An update names the ETag it saw; in one
 * transaction it locks the project row, compares, changes {@code status}/{@code progress_pct}/
 * {@code updated_at}, appends the history entry (who, when, note) and the audit entry. A stale
 * ETag changes nothing (412). So among concurrent updates from one version exactly one wins, and
 * the history holds every winning change.
 */
public final class ProjectEdits {
    static final String LOCK_PROJECT = "SELECT status, progress_pct, updated_at FROM projects WHERE id = ?";
    static final String HISTORY_SIZE = "SELECT count(*) FROM project_updates WHERE project_id = ?";
    static final String UPDATE_PROJECT = "UPDATE projects SET status = ?, progress_pct = ?, updated_at = ? WHERE id = ?";
    static final String APPEND_HISTORY = "INSERT INTO project_updates (id, project_id, at, progress_pct, status, note, "
            + "\"by\", updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    static final String TOUCH_CONTENTS = "UPDATE gpkg_contents SET last_change = ? WHERE table_name IN "
            + "('projects', 'project_updates')";
    /** Dates in the history are the county's calendar days. */
    public static final ZoneId COUNTY_ZONE = ZoneId.of("Asia/Shanghai");

    /** What to change; null fields keep their value. */
    public record Change(String status, Double progressPct, String note) {
    }

    /** The project's state and version after an update. */
    public record Result(String id, String status, double progressPct, String etag, long version, Instant at,
            String historyId) {
    }

    /** A change that would leave the project in a state that cannot be (done below 100 %); nothing is written. */
    public static final class InvalidChange extends RuntimeException {
        private final String field;

        InvalidChange(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    /** A stale or missing ETag. */
    public static final class Conflict extends RuntimeException {
        private final String current;

        Conflict(String current, String message) {
            super(message);
            this.current = current;
        }

        public String current() {
            return current;
        }
    }

    private final EditStore store;
    private final AuditLog audit;
    private final ChangeFeed feed;
    private final List<String> statuses;

    public ProjectEdits(Catalog catalog, EditStore store, AuditLog audit, ChangeFeed feed) {
        this.store = store;
        this.audit = audit;
        this.feed = feed;
        this.statuses = catalog.layer("projects").flatMap(l -> l.field("status")).map(FieldDef::enumValues)
                .orElse(List.of());
    }

    public List<String> statuses() {
        return statuses;
    }

    /** The current ETag of a project; empty if there is no such project. */
    public Optional<String> etag(String projectId) {
        return store.read(c -> current(c, projectId, false).map(Current::etag));
    }

    /**
     * Applies the change if {@code ifMatch} is the project's current ETag.
     *
     * @throws Conflict when it is not (nothing is changed)
     * @throws java.util.NoSuchElementException when there is no such project
     */
    public Result update(String projectId, String ifMatch, Change change, String user, String address) {
        Result r = store.write(c -> {
            Current now = current(c, projectId, true).orElseThrow(() ->
                    new java.util.NoSuchElementException("There is no project '" + projectId + "'."));
            if (!now.etag().equals(ifMatch)) {
                throw new Conflict(now.etag(), "The project changed since you read it (your version " + ifMatch
                        + ", now " + now.etag() + "); read it again and redo your change.");
            }
            Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            String status = change.status() == null ? now.status() : change.status();
            double progress = change.progressPct() == null ? now.progress() : change.progressPct();
            if ("done".equals(status) && progress < 100) { // the resulting state, not just the request
                throw new InvalidChange("progress_pct", "A project that is done has progress_pct 100; this change "
                        + "would leave it done at " + progress + " %. Change its status as well.");
            }
            long version = now.version() + 1;
            String historyId = String.format("update-%s-%d-%06d", projectId, at.toEpochMilli(), version);
            try (PreparedStatement ps = c.prepareStatement(UPDATE_PROJECT)) {
                ps.setString(1, status);
                ps.setDouble(2, progress);
                store.dialect().setInstant(ps, 3, at);
                ps.setString(4, projectId);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(APPEND_HISTORY)) {
                ps.setString(1, historyId);
                ps.setString(2, projectId);
                store.dialect().setDate(ps, 3, LocalDate.ofInstant(at, COUNTY_ZONE));
                ps.setDouble(4, progress);
                ps.setString(5, status);
                ps.setString(6, change.note());
                ps.setString(7, user);
                store.dialect().setInstant(ps, 8, at);
                ps.executeUpdate();
            }
            if (store.dialect() == EditStore.Dialect.SQLITE) {
                try (PreparedStatement ps = c.prepareStatement(TOUCH_CONTENTS)) {
                    store.dialect().setInstant(ps, 1, at);
                    ps.executeUpdate();
                }
            }
            String detail = AuditLog.json(Map.of("from", Map.of("status", now.status(), "progress_pct",
                    now.progress()), "to", Map.of("status", status, "progress_pct", progress), "version", version));
            audit.append(c, AuditLog.Entry.of(user, address, "project-update", projectId, "ok", detail));
            return new Result(projectId, status, progress, etag(version, at), version, at, historyId);
        });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", r.id());
        data.put("status", r.status());
        data.put("progress_pct", r.progressPct());
        data.put("version", r.version());
        data.put("at", r.at().toString());
        feed.publish("project", List.of("projects", "project_updates"), data);
        return r;
    }

    private record Current(String status, double progress, long version, String etag) {
    }

    private Optional<Current> current(Connection c, String projectId, boolean lock) throws SQLException {
        String status;
        double progress;
        Instant updated;
        try (PreparedStatement ps = c.prepareStatement(LOCK_PROJECT + (lock ? store.dialect().forUpdate() : ""))) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                status = rs.getString(1);
                progress = rs.getDouble(2);
                updated = store.dialect().getInstant(rs, 3);
            }
        }
        long version;
        try (PreparedStatement ps = c.prepareStatement(HISTORY_SIZE)) {
            ps.setString(1, projectId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                version = rs.getLong(1);
            }
        }
        return Optional.of(new Current(status, progress, version, etag(version, updated)));
    }

    static String etag(long version, Instant updated) {
        return "\"" + version + "-" + (updated == null ? 0 : updated.toEpochMilli()) + "\"";
    }
}
