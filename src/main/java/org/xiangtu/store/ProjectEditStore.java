package org.xiangtu.store;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Where planners' progress updates of a project are written: the project's row in the
 * {@code projects} layer, its history in {@code project_updates}, and the audit entry, in one
 * transaction. The rules (which states are allowed, the ETag, what the audit entry says) live in
 * {@code edit.ProjectEdits}.
 *
 * <p>A project's {@linkplain Version version} is the number of its history entries together with
 * its {@code updated_at}; {@link #update} writes only when the project is still at the version the
 * caller read (optimistic concurrency). So of several concurrent updates from one version exactly
 * one returns {@link Updated}; the others get {@link Conflict} and write nothing.
 *
 * <p>Implementations are thread-safe. Methods never return {@code null}; "no such project" is an
 * empty {@link Optional} or {@link NotFound}. When the write fails (the store goes away in the
 * middle, a value is refused), nothing of it is written: neither the row, nor the history entry,
 * nor the audit entry. A store that cannot be reached throws {@link StoreUnavailableException}.
 */
public interface ProjectEditStore {

    /** A version as compared by {@link #update}: the history size and {@code updated_at} (to the millisecond). */
    record Version(long number, Instant updatedAt) {
        /** Whether the two name the same version ({@code updatedAt} compared to the millisecond; null is 0). */
        public boolean sameAs(Version other) {
            return number == other.number && millis(updatedAt) == millis(other.updatedAt);
        }

        private static long millis(Instant t) {
            return t == null ? 0 : t.toEpochMilli();
        }
    }

    /** The state of a project: {@code status} may be null (a row without one). */
    record ProjectState(String id, String status, double progressPct, Version version) {
    }

    /**
     * What an update writes: the new status and progress, stamped {@code at} (the new
     * {@code updated_at}); the history entry (id, calendar {@code day}, note, author); and the audit
     * entry written in the same transaction.
     */
    record Change(String status, double progressPct, Instant at, String historyId, LocalDate day, String note,
            String by, AuditEntry audit) {
    }

    /** What {@link #update} did. */
    sealed interface Outcome permits Updated, Conflict, NotFound {
    }

    /** Written: the project is now at {@code version}. */
    record Updated(Version version) implements Outcome {
    }

    /** Nothing written: the project is no longer at the expected version; {@code current} is what it is. */
    record Conflict(ProjectState current) implements Outcome {
    }

    /** Nothing written: there is no such project. */
    record NotFound() implements Outcome {
    }

    /** The project's current state; empty if there is no such project. */
    Optional<ProjectState> state(String projectId);

    /** Applies the change if the project is still at {@code expected} (see the class comment). */
    Outcome update(String projectId, Version expected, Change change);
}
