package org.xiangtu.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.xiangtu.catalog.CatalogLoader;
import org.xiangtu.catalog.DataSource;
import org.xiangtu.store.AuditEntry;
import org.xiangtu.store.ProjectEditStore;
import org.xiangtu.store.ProjectEditStore.ProjectState;
import org.xiangtu.store.ProjectEditStore.Version;
import org.xiangtu.store.memory.MemoryWorkStore;

/** The rules of progress updates (ETag, the resulting state, the audit entry, the feed) on the in-memory store. */
class ProjectEditsTest {
    private static final Instant T = Instant.parse("2026-05-06T07:08:09.123Z");
    private final MemoryWorkStore store = new MemoryWorkStore()
            .withProject(new ProjectState("p1", "under_way", 40, new Version(3, T)))
            .withProject(new ProjectState("p-done", "done", 100, new Version(9, T)));
    private final ChangeFeed feed = new ChangeFeed();
    private final List<ChangeFeed.Change> published = new ArrayList<>();
    private final ProjectEdits edits = edits(store);

    private ProjectEdits edits(ProjectEditStore s) {
        feed.listen(published::add);
        return new ProjectEdits(CatalogLoader.read(DataSource.folder(Path.of("data"))), s, feed);
    }

    private static String etag(long version) {
        return "\"" + version + "-" + T.toEpochMilli() + "\"";
    }

    @Test
    void the_etag_is_the_version_and_the_time_of_the_last_change() {
        assertThat(edits.etag("p1")).contains(etag(3));
        assertThat(edits.etag("nope")).isEmpty();
    }

    @Test
    void an_update_writes_the_new_state_with_its_audit_entry_and_announces_it() {
        ProjectEdits.Result r = edits.update("p1", etag(3), new ProjectEdits.Change(null, 55.0, "half way"), "guihua",
                "192.0.2.9");
        assertThat(r.version()).isEqualTo(4);
        assertThat(r.status()).isEqualTo("under_way");
        assertThat(r.etag()).isEqualTo("\"4-" + r.at().toEpochMilli() + "\"");
        assertThat(edits.etag("p1")).contains(r.etag());
        AuditEntry e = store.page("project-update", null, 10, 0).get(0);
        assertThat(e.actor()).isEqualTo("guihua");
        assertThat(e.address()).isEqualTo("192.0.2.9");
        assertThat(e.target()).isEqualTo("p1");
        assertThat(e.detail()).contains("\"version\":4").contains("\"progress_pct\":40.0").contains("\"progress_pct\":55.0");
        assertThat(published).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("project");
            assertThat(c.data()).containsEntry("id", "p1").containsEntry("version", 4L);
        });
    }

    @Test
    void a_stale_etag_is_a_conflict_naming_the_current_one_and_writes_nothing() {
        assertThatThrownBy(() -> edits.update("p1", etag(2), new ProjectEdits.Change(null, 50.0, null), "u", null))
                .isInstanceOfSatisfying(ProjectEdits.Conflict.class, c -> assertThat(c.current()).isEqualTo(etag(3)));
        assertThat(store.state("p1").orElseThrow().progressPct()).isEqualTo(40);
        assertThat(store.page(null, null, 10, 0)).isEmpty();
        assertThat(published).isEmpty();
    }

    @Test
    void a_change_between_the_read_and_the_write_is_a_conflict_too() {
        ProjectEditStore racing = new ProjectEditStore() { // another writer wins just before this one writes
            @Override
            public Optional<ProjectState> state(String id) {
                return store.state(id);
            }

            @Override
            public Outcome update(String id, Version expected, Change change) {
                store.withProject(new ProjectState(id, "under_way", 41, new Version(4, T.plusSeconds(1))));
                return store.update(id, expected, change);
            }
        };
        assertThatThrownBy(() -> edits(racing).update("p1", etag(3), new ProjectEdits.Change(null, 50.0, null), "u",
                null)).isInstanceOfSatisfying(ProjectEdits.Conflict.class, c -> assertThat(c.current())
                        .isEqualTo("\"4-" + T.plusSeconds(1).toEpochMilli() + "\""));
        assertThat(store.state("p1").orElseThrow().progressPct()).isEqualTo(41);
        assertThat(store.page(null, null, 10, 0)).isEmpty();
    }

    @Test
    void a_done_project_stays_at_100_percent() {
        assertThatThrownBy(() -> edits.update("p-done", etag(9), new ProjectEdits.Change(null, 80.0, null), "u", null))
                .isInstanceOfSatisfying(ProjectEdits.InvalidChange.class, e -> assertThat(e.field())
                        .isEqualTo("progress_pct"));
        assertThatThrownBy(() -> edits.update("p1", etag(3), new ProjectEdits.Change("done", 50.0, null), "u", null))
                .isInstanceOf(ProjectEdits.InvalidChange.class);
        assertThatThrownBy(() -> edits.update("p1", etag(3), new ProjectEdits.Change(null, 100.5, null), "u", null))
                .isInstanceOfSatisfying(ProjectEdits.InvalidChange.class, e -> assertThat(e.field())
                        .isEqualTo("progress_pct"));
        assertThatThrownBy(() -> edits.update("p1", etag(3), new ProjectEdits.Change("finished", null, null), "u",
                null)).isInstanceOfSatisfying(ProjectEdits.InvalidChange.class, e -> assertThat(e.field())
                        .isEqualTo("status"));
        assertThatThrownBy(() -> edits.update("p1", etag(3), new ProjectEdits.Change(null, null, null), "u", null))
                .isInstanceOf(ProjectEdits.InvalidChange.class);
        assertThat(store.page(null, null, 10, 0)).isEmpty();
        assertThat(edits.update("p1", etag(3), new ProjectEdits.Change("done", null, null), "u", null).progressPct())
                .as("done without a progress is done at 100 %").isEqualTo(100);
        assertThat(edits.update("p-done", etag(9), new ProjectEdits.Change("under_way", 80.0, "reopened"), "u", null)
                .progressPct()).isEqualTo(80);
    }

    @Test
    void an_unknown_project_is_not_found() {
        assertThatThrownBy(() -> edits.update("nope", etag(1), new ProjectEdits.Change(null, 1.0, null), "u", null))
                .isInstanceOf(ProjectEdits.UnknownProject.class);
    }
}
