package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.xiangtu.store.ProjectEditStore.Change;
import org.xiangtu.store.ProjectEditStore.Conflict;
import org.xiangtu.store.ProjectEditStore.NotFound;
import org.xiangtu.store.ProjectEditStore.Outcome;
import org.xiangtu.store.ProjectEditStore.ProjectState;
import org.xiangtu.store.ProjectEditStore.Updated;
import org.xiangtu.store.ProjectEditStore.Version;

/**
 * The {@link ProjectEditStore} contract, run on every backend: an update from the current version
 * writes the row, the history entry and the audit entry together; from any other version it writes
 * nothing; of concurrent updates from one version exactly one wins; a write that fails in the
 * middle leaves nothing of itself (row, history or audit).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ProjectEditStoreContract {
    /** A project of the county data ({@code data/projects.geojson}), which every backend holds. */
    protected static final String PROJECT = "project-001";
    private static final AtomicLong SEQ = new AtomicLong();
    private WorkBackend backend;
    protected ProjectEditStore projects;
    protected AuditStore audit;

    /** A fresh backend holding the county's projects and their history. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        projects = backend.work().projects();
        audit = backend.work().audit();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    protected ProjectState now() {
        return projects.state(PROJECT).orElseThrow();
    }

    /** A change to {@code progress} %, audited under {@code action}, stamped a little after the last one. */
    protected static Change change(double progress, String action, String outcome) {
        Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS).plusMillis(SEQ.incrementAndGet());
        String historyId = "contract-" + PROJECT + "-" + SEQ.get() + "-" + System.nanoTime();
        return new Change("under_way", progress, at, historyId, LocalDate.of(2026, 1, 2), "note " + progress, "tester",
                new AuditEntry(0, at, "tester", "192.0.2.1", action, PROJECT, outcome, "{}"));
    }

    @Test
    void an_unknown_project_has_no_state_and_is_not_updated() {
        assertThat(projects.state("no-such-project")).isEmpty();
        assertThat(projects.update("no-such-project", new Version(0, null), change(1, "pe-unknown", "ok")))
                .isInstanceOf(NotFound.class);
        assertThat(audit.page("pe-unknown", null, 10, 0)).isEmpty();
    }

    @Test
    void an_update_from_the_current_version_writes_the_row_the_history_and_the_audit_entry() {
        ProjectState before = now();
        Change c = change(42.5, "pe-update", "ok");
        Outcome o = projects.update(PROJECT, before.version(), c);
        assertThat(o).isEqualTo(new Updated(new Version(before.version().number() + 1, c.at())));
        ProjectState after = now();
        assertThat(after.status()).isEqualTo("under_way");
        assertThat(after.progressPct()).isEqualTo(42.5);
        assertThat(after.version().sameAs(((Updated) o).version())).isTrue();
        assertThat(audit.page("pe-update", null, 10, 0)).extracting(AuditEntry::target).containsExactly(PROJECT);
    }

    @Test
    void a_stale_version_writes_nothing_and_names_the_current_state() {
        ProjectState before = now();
        Version stale = new Version(before.version().number() - 1, before.version().updatedAt());
        Version other = new Version(before.version().number(), Instant.parse("1999-01-01T00:00:00Z"));
        for (Version v : List.of(stale, other)) {
            Outcome o = projects.update(PROJECT, v, change(7, "pe-stale", "ok"));
            assertThat(o).isInstanceOf(Conflict.class);
            assertThat(((Conflict) o).current().version().sameAs(before.version())).isTrue();
        }
        assertThat(now().version().sameAs(before.version())).isTrue();
        assertThat(now().progressPct()).isEqualTo(before.progressPct());
        assertThat(audit.page("pe-stale", null, 10, 0)).isEmpty();
    }

    @Test
    void of_concurrent_updates_from_one_version_exactly_one_wins() throws Exception {
        ProjectState before = now();
        List<Outcome> outcomes = Concurrently.run(8, i -> projects.update(PROJECT, before.version(),
                change(10 + i, "pe-race", "ok")));
        assertThat(outcomes.stream().filter(o -> o instanceof Updated).count()).isEqualTo(1);
        assertThat(outcomes.stream().filter(o -> o instanceof Conflict).count()).isEqualTo(7);
        int winner = outcomes.indexOf(outcomes.stream().filter(o -> o instanceof Updated).findFirst().orElseThrow());
        ProjectState after = now();
        assertThat(after.version().number()).isEqualTo(before.version().number() + 1);
        assertThat(after.progressPct()).isEqualTo(10 + winner);
        assertThat(audit.page("pe-race", null, 100, 0)).hasSize(1);
    }

    @Test
    void a_write_that_fails_at_its_last_statement_leaves_nothing_behind() {
        ProjectState before = now();
        // the audit entry is written last, after the row and the history entry: refusing it must undo them
        assertThatThrownBy(() -> projects.update(PROJECT, before.version(), change(99, "pe-refused", null)))
                .isInstanceOf(RuntimeException.class);
        ProjectState after = now();
        assertThat(after.version().sameAs(before.version())).isTrue();
        assertThat(after.progressPct()).isEqualTo(before.progressPct());
        assertThat(audit.page("pe-refused", null, 10, 0)).isEmpty();
    }
}
