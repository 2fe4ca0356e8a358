package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Small-cell suppression with complementary suppression for counts published in a two-level
 * hierarchy: cells (villages) in parents (towns) in one root (the district), where every parent's and
 * the root's total is published and each cell's value is published unless suppressed. Pure and
 * static; the result is immutable.
 *
 * <p>The rule, for a minimum group size {@code min} (e.g. 5 households):
 * <ol>
 * <li><b>Primary:</b> a cell, parent or root whose size is below {@code min} is suppressed; a suppressed
 * root suppresses everything.</li>
 * <li><b>Within a published parent</b> the suppressed cells form a <i>block</i>: the parent's total minus
 * its published cells reveals the block's sum, and nothing finer. A block must be empty, or hold at
 * least two cells whose sizes add up to at least {@code min}; otherwise the published cell of the parent
 * that costs least is suppressed too (preferring a cell of the same public class as a suppressed one,
 * see {@link Cell#group()}, then the smallest, then by code), until it does.</li>
 * <li><b>Within the root</b> the suppressed parents' suppressed cells form one more block (the root's
 * total minus the published parents and the published cells reveals its sum). A suppressed parent's
 * own total stays hidden only if it has a suppressed cell and shares that block with another parent.
 * So the suppressed parents must be none, or at least two, each with a suppressed cell (its smallest,
 * if it had none), and the block must cover at least {@code min}; otherwise the smallest published
 * parent is suppressed too (while there are fewer than two), or the smallest published cell of a
 * suppressed parent.</li>
 * </ol>
 * Published figures then reveal the published cells and each block's sum, and nothing more: blocks are
 * disjoint, so no suppressed cell and no suppressed parent's total is a combination of published
 * figures. A further figure that sums the cells of an area picked by a public attribute (e.g. "lifted
 * by the year of asOf") adds nothing only if it does not split a block, see {@link Plan#splits}.
 */
public final class Suppression {
    private static final Comparator<Cell> BY_SIZE = Comparator.comparingLong(Cell::size).thenComparing(Cell::code);

    private Suppression() {
    }

    /**
     * A cell of the table.
     *
     * @param code the cell's code (unique)
     * @param parent the parent's code
     * @param size the group size the cell covers (households, features); never negative
     * @param group a public class of the cell, or null; complements are chosen from the same class
     *        first, so figures split by that class (see {@link Plan#splits}) split fewer blocks
     */
    public record Cell(String code, String parent, long size, Object group) {
    }

    /**
     * What to suppress.
     *
     * @param cells the codes of the suppressed cells
     * @param parents the codes of the suppressed parents
     * @param root whether the root (everything) is suppressed
     * @param blocks the blocks of suppressed cells whose sums the published figures reveal
     */
    public record Plan(Set<String> cells, Set<String> parents, boolean root, List<Set<String>> blocks) {
        public Plan {
            cells = Set.copyOf(cells);
            parents = Set.copyOf(parents);
            blocks = blocks.stream().map(Set::copyOf).toList();
        }

        public boolean isCellSuppressed(String code) {
            return root || cells.contains(code);
        }

        public boolean isParentSuppressed(String code) {
            return root || parents.contains(code);
        }

        /**
         * Whether a sum over the cells of an area that are {@code selected} would split a block among
         * {@code area}: some of the block's cells selected and some not. Such a sum would reveal part of
         * a block, so it must be suppressed too.
         */
        public boolean splits(Collection<String> area, Predicate<String> selected) {
            Set<String> in = area instanceof Set<String> s ? s : new HashSet<>(area);
            for (Set<String> block : blocks) {
                if (block.stream().anyMatch(in::contains)) {
                    boolean some = block.stream().anyMatch(selected);
                    boolean all = block.stream().allMatch(selected);
                    if (some && !all) {
                        return true;
                    }
                }
            }
            return false;
        }
    }

    /** The suppression plan for the cells, with {@code min} the smallest group that may be shown. */
    public static Plan plan(Collection<Cell> cells, long min) {
        Map<String, List<Cell>> byParent = new LinkedHashMap<>();
        cells.forEach(c -> byParent.computeIfAbsent(c.parent(), p -> new ArrayList<>()).add(c));
        long total = cells.stream().mapToLong(Cell::size).sum();
        if (total < min) {
            return new Plan(codes(cells), byParent.keySet(), true, List.of(codes(cells)));
        }
        Set<String> hidden = new HashSet<>();
        Set<String> hiddenParents = new HashSet<>();
        cells.stream().filter(c -> c.size() < min).forEach(c -> hidden.add(c.code()));
        byParent.forEach((p, children) -> {
            if (size(children) < min) {
                hiddenParents.add(p);
            }
        });
        // within each published parent: a block of ≥ 2 cells covering ≥ min
        for (Map.Entry<String, List<Cell>> e : byParent.entrySet()) {
            if (!hiddenParents.contains(e.getKey()) && !protect(e.getValue(), hidden, min)) {
                hiddenParents.add(e.getKey()); // cannot happen for a parent ≥ min; kept safe all the same
            }
        }
        // within the root: ≥ 2 suppressed parents, each with a suppressed cell, the cells covering ≥ min
        while (!hiddenParents.isEmpty()) {
            for (String p : hiddenParents) {
                List<Cell> children = byParent.get(p);
                if (children.stream().noneMatch(c -> hidden.contains(c.code()))) {
                    children.stream().min(BY_SIZE).ifPresent(c -> hidden.add(c.code()));
                }
            }
            List<Cell> rootBlock = cells.stream().filter(c -> hiddenParents.contains(c.parent())
                    && hidden.contains(c.code())).toList();
            if (hiddenParents.size() >= 2 && size(rootBlock) >= min) {
                break;
            }
            Cell more = hiddenParents.size() < 2 ? null : cells.stream().filter(c -> hiddenParents.contains(c.parent())
                    && !hidden.contains(c.code())).min(BY_SIZE).orElse(null);
            if (more != null) {
                hidden.add(more.code());
                continue;
            }
            String next = byParent.keySet().stream().filter(p -> !hiddenParents.contains(p))
                    .min(Comparator.comparingLong((String p) -> size(byParent.get(p))).thenComparing(p -> p))
                    .orElse(null);
            if (next == null) {
                return new Plan(codes(cells), byParent.keySet(), true, List.of(codes(cells)));
            }
            hiddenParents.add(next);
        }
        List<Set<String>> blocks = new ArrayList<>();
        Set<String> rootBlock = new HashSet<>();
        byParent.forEach((p, children) -> {
            Set<String> block = new HashSet<>();
            children.stream().filter(c -> hidden.contains(c.code())).forEach(c -> block.add(c.code()));
            if (hiddenParents.contains(p)) {
                rootBlock.addAll(block);
            } else if (!block.isEmpty()) {
                blocks.add(block);
            }
        });
        if (!rootBlock.isEmpty()) {
            blocks.add(rootBlock);
        }
        return new Plan(hidden, hiddenParents, false, blocks);
    }

    /** Suppresses more of the parent's cells until its block is empty or safe; false if it cannot be made safe. */
    private static boolean protect(List<Cell> children, Set<String> hidden, long min) {
        while (true) {
            List<Cell> block = children.stream().filter(c -> hidden.contains(c.code())).toList();
            if (block.isEmpty() || (block.size() >= 2 && size(block) >= min)) {
                return true;
            }
            Set<Object> groups = new HashSet<>();
            block.forEach(c -> groups.add(c.group()));
            Cell next = children.stream().filter(c -> !hidden.contains(c.code()))
                    .min(Comparator.comparing((Cell c) -> c.group() == null || !groups.contains(c.group()))
                            .thenComparing(BY_SIZE))
                    .orElse(null);
            if (next == null) {
                return false;
            }
            hidden.add(next.code());
        }
    }

    private static long size(Collection<Cell> cells) {
        return cells.stream().mapToLong(Cell::size).sum();
    }

    private static Set<String> codes(Collection<Cell> cells) {
        Set<String> out = new HashSet<>();
        cells.forEach(c -> out.add(Objects.requireNonNull(c.code())));
        return out;
    }
}
