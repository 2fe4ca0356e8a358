package org.xiangtu.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.xiangtu.analysis.Suppression.Cell;
import org.xiangtu.analysis.Suppression.Plan;

/** Complementary suppression on small hand-made tables. */
class SuppressionTest {
    private static Cell c(String code, String parent, long size) {
        return new Cell(code, parent, size, null);
    }

    @Test
    void a_small_cell_alone_in_its_parent_gets_the_smallest_sibling_as_complement() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 3), c("a2", "A", 40), c("a3", "A", 9), c("b1", "B", 50)), 5);
        assertThat(p.cells()).containsExactlyInAnyOrder("a1", "a3");
        assertThat(p.parents()).isEmpty();
        assertThat(p.blocks()).containsExactly(Set.of("a1", "a3"));
    }

    @Test
    void two_small_cells_under_five_together_get_a_third() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 1), c("a2", "A", 2), c("a3", "A", 30), c("a4", "A", 20)), 5);
        assertThat(p.cells()).containsExactlyInAnyOrder("a1", "a2", "a4");
    }

    @Test
    void two_small_cells_covering_five_need_nothing_more() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 2), c("a2", "A", 3), c("a3", "A", 30)), 5);
        assertThat(p.cells()).containsExactlyInAnyOrder("a1", "a2");
    }

    @Test
    void a_complement_of_the_same_class_is_preferred() {
        Plan p = Suppression.plan(List.of(new Cell("a1", "A", 3, 2017), new Cell("a2", "A", 8, 2016),
                new Cell("a3", "A", 20, 2017)), 5);
        assertThat(p.cells()).containsExactlyInAnyOrder("a1", "a3");
    }

    @Test
    void a_small_parent_gets_another_parent_as_complement_and_every_cell_of_it_hidden() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 1), c("a2", "A", 2), c("b1", "B", 9), c("b2", "B", 7),
                c("z1", "Z", 100)), 5);
        assertThat(p.parents()).containsExactlyInAnyOrder("A", "B");
        assertThat(p.cells()).containsExactlyInAnyOrder("a1", "a2", "b2");
        assertThat(p.blocks()).containsExactly(Set.of("a1", "a2", "b2"));
    }

    @Test
    void a_root_under_the_minimum_hides_everything() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 1), c("b1", "B", 2)), 5);
        assertThat(p.root()).isTrue();
        assertThat(p.isCellSuppressed("b1")).isTrue();
        assertThat(p.isParentSuppressed("A")).isTrue();
    }

    @Test
    void a_selection_that_splits_a_block_is_detected() {
        Plan p = Suppression.plan(List.of(c("a1", "A", 3), c("a2", "A", 4), c("a3", "A", 30)), 5);
        assertThat(p.splits(Set.of("a1", "a2", "a3"), Set.of("a1", "a3")::contains)).isTrue();
        assertThat(p.splits(Set.of("a1", "a2", "a3"), Set.of("a1", "a2")::contains)).isFalse();
        assertThat(p.splits(Set.of("a1", "a2", "a3"), Set.of("a3")::contains)).isFalse();
    }
}
