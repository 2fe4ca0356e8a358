package org.xiangtu.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The {@link AuditStore} contract, run on every backend: entries come back as appended, newest
 * first, numbered by the store; concurrent appends all land, each with its own number; a refused
 * entry leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class AuditStoreContract {
    private WorkBackend backend;
    protected AuditStore audit;

    /** A fresh backend with an empty audit log. */
    protected abstract WorkBackend open() throws Exception;

    @BeforeAll
    void openStore() throws Exception {
        backend = open();
        audit = backend.work().audit();
    }

    @AfterAll
    void closeStore() {
        if (backend != null) {
            backend.close();
        }
    }

    private static AuditEntry entry(String actor, String action, String target, Instant at) {
        return new AuditEntry(0, at, actor, "203.0.113.7", action, target, "ok", "{\"n\":1}");
    }

    @Test
    void entries_come_back_as_appended_newest_first_with_the_stores_numbers() {
        Instant t = Instant.parse("2026-03-04T05:06:07.089Z");
        audit.append(entry("keep-a", "keep", "one", t));
        audit.append(entry("keep-a", "keep", "two", t.plusMillis(1)));
        List<AuditEntry> page = audit.page("keep", null, 10, 0);
        assertThat(page).extracting(AuditEntry::target).containsExactly("two", "one");
        assertThat(page.get(0).seq()).isGreaterThan(page.get(1).seq());
        AuditEntry two = page.get(0);
        assertThat(two).isEqualTo(new AuditEntry(two.seq(), t.plusMillis(1), "keep-a", "203.0.113.7", "keep", "two",
                "ok", "{\"n\":1}"));
    }

    @Test
    void a_page_filters_by_action_and_actor_and_pages_with_limit_and_offset() {
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        for (int i = 0; i < 5; i++) {
            audit.append(entry(i % 2 == 0 ? "even" : "odd", "filter", "f" + i, t.plusSeconds(i)));
        }
        audit.append(entry("even", "other", "x", t));
        assertThat(audit.page("filter", "even", 10, 0)).extracting(AuditEntry::target).containsExactly("f4", "f2", "f0");
        assertThat(audit.page("filter", null, 2, 1)).extracting(AuditEntry::target).containsExactly("f3", "f2");
        assertThat(audit.page(null, "even", 100, 0)).extracting(AuditEntry::target).startsWith("x", "f4");
        assertThat(audit.page("filter", null, 10, 99)).isEmpty();
        assertThat(audit.page("no-such-action", null, 10, 0)).isEmpty();
    }

    @Test
    void concurrent_appends_all_land_each_with_its_own_number() throws Exception {
        Instant t = Instant.parse("2026-03-04T05:06:07Z");
        Concurrently.run(8, i -> {
            audit.append(entry("racer", "race", "r" + i, t));
            return null;
        });
        List<AuditEntry> page = audit.page("race", null, 100, 0);
        assertThat(page).hasSize(8);
        Set<Long> seqs = new HashSet<>();
        page.forEach(e -> seqs.add(e.seq()));
        assertThat(seqs).hasSize(8);
    }

    @Test
    void an_entry_without_its_outcome_is_refused_and_nothing_is_written() {
        AuditEntry bad = new AuditEntry(0, Instant.now(), "x", null, "refused", "t", null, null);
        assertThatThrownBy(() -> audit.append(bad)).isInstanceOf(IllegalArgumentException.class);
        assertThat(audit.page("refused", null, 10, 0)).isEmpty();
    }
}
