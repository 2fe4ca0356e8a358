package org.xiangtu.edit;

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
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.ProjectEditStore.ProjectState;
import org.xiangtu.store.ProjectEditStore;

/**
 * Planners' progress updates of a project, with optimistic concurrency.
 *
 * <p>A project's version is the number of entries in its history ({@code project_updates}); the
 * ETag is {@code "<version>-<updated_at in ms>"}. An update names the ETag it saw; the rules here
 * check it and the resulting state, then hand the change to the {@link ProjectEditStore}, which in
 * one transaction compares the version again, changes {@code status}/{@code progress_pct}/
 * {@code updated_at}, appends the history entry (who, when, note) and the audit entry. A stale
 * ETag changes nothing (412). So among concurrent updates from one version exactly one wins, and
 * the history holds every winning change.
 */
public final class ProjectEdits {
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

    /** There is no project with the id given; nothing is written. */
    public static final class UnknownProject extends RuntimeException {
        UnknownProject(String message) {
            super(message);
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

    private final ProjectEditStore store;
    private final ChangeFeed feed;
    private final List<String> statuses;

    public ProjectEdits(Catalog catalog, ProjectEditStore store, ChangeFeed feed) {
        this.store = store;
        this.feed = feed;
        this.statuses = catalog.layer("projects").flatMap(l -> l.field("status")).map(FieldDef::enumValues)
                .orElse(List.of());
    }

    public List<String> statuses() {
        return statuses;
    }

    /** The current ETag of a project; empty if there is no such project. */
    public Optional<String> etag(String projectId) {
        return store.state(projectId).map(ProjectEdits::etag);
    }

    /**
     * Applies the change if {@code ifMatch} is the project's current ETag.
     *
     * @throws Conflict when it is not (nothing is changed)
     * @throws InvalidChange when the change is empty, names a status the catalogue does not have, gives a
     *     progress outside 0–100, or would leave the project done below 100 % (nothing is changed)
     * @throws UnknownProject when there is no such project
     */
    public Result update(String projectId, String ifMatch, Change requested, String user, String address) {
        Change change = check(requested);
        ProjectState now = store.state(projectId).orElseThrow(() -> missing(projectId));
        if (!etag(now).equals(ifMatch)) {
            throw conflict(ifMatch, now);
        }
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        String status = change.status() == null ? now.status() : change.status();
        double progress = change.progressPct() == null ? now.progressPct() : change.progressPct();
        if ("done".equals(status) && progress < 100) { // the resulting state, not just the request
            throw new InvalidChange("progress_pct", "A project that is done has progress_pct 100; this change "
                    + "would leave it done at " + progress + " %. Change its status as well.");
        }
        long version = now.version().number() + 1;
        String historyId = String.format("update-%s-%d-%06d", projectId, at.toEpochMilli(), version);
        String detail = AuditLog.json(Map.of("from", Map.of("status", now.status(), "progress_pct",
                now.progressPct()), "to", Map.of("status", status, "progress_pct", progress), "version", version));
        ProjectEditStore.Outcome outcome = store.update(projectId, now.version(), new ProjectEditStore.Change(status,
                progress, at, historyId, LocalDate.ofInstant(at, COUNTY_ZONE), change.note(), user,
                AuditEntry.of(user, address, "project-update", projectId, "ok", detail)));
        if (outcome instanceof ProjectEditStore.Conflict c) {
            throw conflict(ifMatch, c.current());
        }
        if (!(outcome instanceof ProjectEditStore.Updated u)) {
            throw missing(projectId);
        }
        Result r = new Result(projectId, status, progress, etag(u.version().number(), u.version().updatedAt()),
                u.version().number(), at, historyId);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("id", r.id());
        data.put("status", r.status());
        data.put("progress_pct", r.progressPct());
        data.put("version", r.version());
        data.put("at", r.at().toString());
        feed.publish("project", List.of("projects", "project_updates"), data);
        return r;
    }

    /** The change as asked, checked on its own; a project marked done without a progress is at 100 %. */
    private Change check(Change c) {
        if (c.status() == null && c.progressPct() == null && c.note() == null) {
            throw new InvalidChange("body", "Nothing to change: give status, progress_pct or note.");
        }
        if (c.status() != null && !statuses.contains(c.status())) {
            throw new InvalidChange("status", "'status' must be one of " + statuses + ", not '" + c.status() + "'.");
        }
        Double p = c.progressPct();
        if (p != null && !(Double.isFinite(p) && p >= 0 && p <= 100)) {
            throw new InvalidChange("progress_pct", "'progress_pct' must be a number from 0 to 100.");
        }
        if ("done".equals(c.status()) && p != null && p < 100) {
            throw new InvalidChange("progress_pct", "A project marked done has progress_pct 100.");
        }
        return "done".equals(c.status()) && p == null ? new Change(c.status(), 100.0, c.note()) : c;
    }

    private static Conflict conflict(String ifMatch, ProjectState now) {
        return new Conflict(etag(now), "The project changed since you read it (your version " + ifMatch
                + ", now " + etag(now) + "); read it again and redo your change.");
    }

    private static UnknownProject missing(String projectId) {
        return new UnknownProject("There is no project '" + projectId + "'.");
    }

    private static String etag(ProjectState s) {
        return etag(s.version().number(), s.version().updatedAt());
    }

    static String etag(long version, Instant updated) {
        return "\"" + version + "-" + (updated == null ? 0 : updated.toEpochMilli()) + "\"";
    }
}
