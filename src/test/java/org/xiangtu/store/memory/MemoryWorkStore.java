package org.xiangtu.store.memory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
 * The work interfaces in memory, for the rules' unit tests: one lock over everything, so every
 * method is one transaction; a refused write (a missing value, as the tables' NOT NULL would refuse
 * it) changes nothing. Passes the same contracts as the GeoPackage and PostGIS stores.
 */
public final class MemoryWorkStore implements WorkStore, UserStore, AuditStore, ProjectEditStore {
    private final TreeMap<String, StoredUser> users = new TreeMap<>(Comparator.naturalOrder());
    private final List<AuditEntry> audit = new ArrayList<>();
    private final Map<String, ProjectState> projects = new HashMap<>();
    private final Set<String> historyIds = new HashSet<>();
    private final MemoryPlannerLayerStore plannerLayers = new MemoryPlannerLayerStore(this);
    private final MemorySessionStore sessions = new MemorySessionStore();
    private final MemoryFieldStore field = new MemoryFieldStore(this);
    private final MemoryHouseholdChangeStore householdChanges = new MemoryHouseholdChangeStore(this, field);
    private final MemoryPhotoStore photos = new MemoryPhotoStore(this, field);
    private final MemoryWatchStore watch = new MemoryWatchStore(this, field);

    /** A store holding {@code project-001} as the county data has it (under way, 3 %, five history entries). */
    public static MemoryWorkStore seeded() {
        return new MemoryWorkStore().withProject(new ProjectState("project-001", "under_way", 3,
                new Version(5, java.time.Instant.parse("2020-10-31T00:00:00Z"))));
    }

    /** Adds (or replaces) a project, as a data import would. */
    public synchronized MemoryWorkStore withProject(ProjectState project) {
        projects.put(project.id(), project);
        return this;
    }

    /** Adds the households, visits and monthly visit counts of {@code data/}, as a data import would. */
    public MemoryWorkStore withDemoHouseholds() {
        synchronized (this) {
            field.loadDemo();
        }
        return this;
    }

    @Override
    public UserStore users() {
        return this;
    }

    /** Sessions keep a lock of their own: no transaction spans them and the other interfaces. */
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

    /** Planner layers, under this store's lock (see {@link MemoryPlannerLayerStore}). */
    @Override
    public PlannerLayerStore plannerLayers() {
        return plannerLayers;
    }

    /** The field app's records, under this store's lock (see {@link MemoryFieldStore}). */
    @Override
    public FieldStore field() {
        return field;
    }

    /** Household updates and reviews, under this store's lock (see {@link MemoryHouseholdChangeStore}). */
    @Override
    public HouseholdChangeStore householdChanges() {
        return householdChanges;
    }

    /** The field app's photos, under this store's lock (see {@link MemoryPhotoStore}). */
    @Override
    public PhotoStore photos() {
        return photos;
    }

    /** The relapse watch's records, under this store's lock (see {@link MemoryWatchStore}). */
    @Override
    public org.xiangtu.store.WatchStore watch() {
        return watch;
    }

    @Override
    public void close() {
    }

    @Override
    public synchronized Optional<StoredUser> find(String name) {
        return Optional.ofNullable(users.get(name));
    }

    @Override
    public synchronized List<StoredUser> list() {
        return List.copyOf(users.values()); // String order is code point order for these names' BMP letters
    }

    @Override
    public synchronized boolean insert(StoredUser user) {
        if (user.name() == null || user.role() == null || user.passwordHash() == null || user.createdAt() == null
                || user.updatedAt() == null) {
            throw new IllegalArgumentException("a user needs every field");
        }
        return users.putIfAbsent(user.name(), user) == null;
    }

    @Override
    public synchronized boolean setPassword(String name, String passwordHash, java.time.Instant updatedAt) {
        StoredUser u = users.get(name);
        if (u == null) {
            return false;
        }
        users.put(name, new StoredUser(name, u.role(), Objects.requireNonNull(passwordHash), u.createdAt(),
                Objects.requireNonNull(updatedAt)));
        return true;
    }

    @Override
    public synchronized boolean delete(String name) {
        return users.remove(name) != null;
    }

    @Override
    public synchronized void append(AuditEntry e) {
        check(e);
        audit.add(new AuditEntry(audit.size() + 1, e.at(), e.actor(), e.address(), e.action(), e.target(),
                e.outcome(), e.detail()));
    }

    void checkAudit(AuditEntry e) {
        check(e);
    }

    private static void check(AuditEntry e) {
        if (e.at() == null || e.action() == null || e.outcome() == null) {
            throw new IllegalArgumentException("an audit entry needs its time, action and outcome");
        }
    }

    @Override
    public synchronized List<AuditEntry> page(String action, String actor, int limit, int offset) {
        List<AuditEntry> out = new ArrayList<>();
        for (int i = audit.size() - 1; i >= 0; i--) {
            AuditEntry e = audit.get(i);
            if ((action == null || action.equals(e.action())) && (actor == null || actor.equals(e.actor()))) {
                out.add(e);
            }
        }
        return out.subList(Math.min(offset, out.size()), Math.min(offset + limit, out.size()));
    }

    @Override
    public synchronized Optional<ProjectState> state(String projectId) {
        return Optional.ofNullable(projects.get(projectId));
    }

    @Override
    public synchronized Outcome update(String projectId, Version expected, Change change) {
        ProjectState now = projects.get(projectId);
        if (now == null) {
            return new NotFound();
        }
        if (!now.version().sameAs(expected)) {
            return new Conflict(now);
        }
        check(change.audit());
        if (change.at() == null || change.historyId() == null || historyIds.contains(change.historyId())) {
            throw new IllegalArgumentException("a history entry needs a new id and a time");
        }
        Version next = new Version(now.version().number() + 1, change.at());
        projects.put(projectId, new ProjectState(projectId, change.status(), change.progressPct(), next));
        historyIds.add(change.historyId());
        append(change.audit());
        return new Updated(next);
    }
}
