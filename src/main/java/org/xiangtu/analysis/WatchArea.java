package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.Watch;
import org.xiangtu.catalog.WatchList;
import org.xiangtu.catalog.WatchRule;

/**
 * The relapse watch in a planner's area (docs/relapse-watch.md, "Planners: where risk meets the networks"):
 * how many households at risk (an open alert, or under monitoring) a drawing reaches, by tier and by cause, and
 * how many a proposed water works would newly reach. Pure: the caller finds the households in the area.
 *
 * <p>Each household counts once. A household with open alerts counts under its <em>main</em> alert: the highest
 * tier (the catalogue lists its tiers from the highest), then the earliest opened, then the smallest id; so the
 * counts by tier and by cause each add up to the households with an open alert, and a household under
 * monitoring without an open alert counts as {@code monitored_only}.
 *
 * <p>For a role that may not see households every figure is planned with {@link Suppression}: the cells are the
 * causes (every rule and department list of the catalogue, at its tier, 0 included, plus any other cause
 * met) and {@code monitored_only}; every published figure is a sum of cells, published only when no block of
 * withheld cells is split by it ({@link Suppression.Plan#splits}), so that no figure about fewer than
 * {@code min} households is published or can be worked out from the published ones (total minus the visible
 * parts gives a whole block, of at least {@code min} households in at least two cells). A figure that sums no
 * cell at all (a tier no cause has) is 0 by the catalogue itself and published as 0.
 */
public final class WatchArea {
    /** The cell of households under monitoring without an open alert. */
    public static final String MONITORED_ONLY = "monitored_only";

    private WatchArea() {
    }

    /** An open alert of a household in the area. {@code openedAt} is ISO-8601 UTC (text order is time order). */
    public record OpenAlert(String id, String rule, String tier, String openedAt) {
    }

    /** A household at risk in the area: its open alerts (possibly none) and whether it is under monitoring. */
    public record AtRisk(String household, List<OpenAlert> alerts, boolean monitored) {
        public AtRisk {
            alerts = List.copyOf(alerts);
        }
    }

    /** The alert a household counts under: highest tier, then earliest opened, then smallest id; null if none. */
    static OpenAlert main(AtRisk h, List<String> tierOrder) {
        Comparator<OpenAlert> order = Comparator.comparingInt((OpenAlert a) -> rank(tierOrder, a.tier()))
                .thenComparing(OpenAlert::openedAt, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparing(OpenAlert::id);
        return h.alerts().stream().min(order).orElse(null);
    }

    private static int rank(List<String> tierOrder, String tier) {
        int i = tierOrder.indexOf(tier);
        return i < 0 ? tierOrder.size() : i;
    }

    /** A cell: one cause at one tier, or {@link #MONITORED_ONLY} (rule and tier null). */
    private record Key(String rule, String tier) {
        String code() {
            return rule == null ? MONITORED_ONLY : rule + "|" + tier;
        }
    }

    /**
     * The {@code watch} section of a drawn area's answer.
     *
     * @param households the households at risk the drawing reaches
     * @param watch the catalogue's watch (titles, tiers, rules, lists)
     * @param exact true for a role that may see households (every figure exact), false for counts with the
     *     small-group rule
     * @param min the smallest group a figure may be about (5)
     */
    public static Map<String, Object> section(Collection<AtRisk> households, Watch watch, boolean exact, long min) {
        List<String> tierOrder = List.copyOf(watch.tiers().keySet());
        Map<Key, Long> cells = new LinkedHashMap<>();
        for (WatchRule r : watch.rules()) {
            cells.put(new Key(r.id(), r.tier()), 0L);
        }
        for (Map.Entry<String, WatchList> l : watch.lists().entrySet()) {
            cells.put(new Key("list:" + l.getKey(), l.getValue().tier()), 0L);
        }
        cells.put(new Key(null, null), 0L);
        for (AtRisk h : households) {
            OpenAlert a = main(h, tierOrder);
            cells.merge(a == null ? new Key(null, null) : new Key(a.rule(), a.tier()), 1L, Long::sum);
        }
        Figures f = new Figures(cells, exact, min);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access", exact ? "household" : "counts");
        out.put("households", f.sum(k -> true));
        out.put("with_open_alert", f.sum(k -> k.rule() != null));
        out.put(MONITORED_ONLY, f.sum(k -> k.rule() == null));
        if (exact) {
            out.put("monitored", households.stream().filter(AtRisk::monitored).count());
            out.put("open_alerts", households.stream().mapToLong(h -> h.alerts().size()).sum());
        }
        Set<String> tiers = new LinkedHashSet<>(tierOrder);
        cells.keySet().stream().filter(k -> k.tier() != null).forEach(k -> tiers.add(k.tier()));
        List<Map<String, Object>> byTier = new ArrayList<>();
        for (String t : tiers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tier", t);
            m.put("title", watch.tiers().get(t));
            m.put("households", f.sum(k -> t.equals(k.tier())));
            byTier.add(m);
        }
        out.put("by_tier", byTier);
        Set<String> rules = new LinkedHashSet<>();
        cells.keySet().stream().filter(k -> k.rule() != null).forEach(k -> rules.add(k.rule()));
        List<Map<String, Object>> byRule = new ArrayList<>();
        for (String r : rules) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", r);
            m.put("title", causeTitle(watch, r));
            m.put("households", f.sum(k -> r.equals(k.rule())));
            byRule.add(m);
        }
        out.put("by_rule", byRule);
        out.put("min_group", min);
        return out;
    }

    /**
     * The {@code watch} part of a water works what-if: of the households at risk, how many are reached today,
     * how many the proposal newly reaches, and how many would be reached with it built.
     *
     * @param atRisk the households at risk (codes) in the county
     * @param today those reached today
     * @param proposal those within the proposal's reach
     */
    public static Map<String, Object> whatIf(Collection<String> atRisk, Set<String> today, Set<String> proposal,
            boolean exact, long min) {
        Map<Key, Long> cells = new LinkedHashMap<>();
        Key before = new Key("today", "-");
        Key added = new Key("added", "-");
        Key neither = new Key("neither", "-");
        for (Key k : List.of(before, added, neither)) {
            cells.put(k, 0L);
        }
        for (String h : atRisk) {
            cells.merge(today.contains(h) ? before : proposal.contains(h) ? added : neither, 1L, Long::sum);
        }
        Figures f = new Figures(cells, exact, min);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("access", exact ? "household" : "counts");
        out.put("households", f.sum(k -> true));
        out.put("before", f.sum(before::equals));
        out.put("added", f.sum(added::equals));
        out.put("after", f.sum(k -> k.equals(before) || k.equals(added)));
        out.put("min_group", min);
        return out;
    }

    /** The sums of cells one table publishes: exact, or withheld (null) where the plan says so. */
    private static final class Figures {
        private final Map<Key, Long> cells;
        private final boolean exact;
        private final long min;
        private final Suppression.Plan plan;
        private final Set<String> codes = new LinkedHashSet<>();

        Figures(Map<Key, Long> cells, boolean exact, long min) {
            this.cells = cells;
            this.exact = exact;
            this.min = min;
            List<Suppression.Cell> table = new ArrayList<>();
            cells.forEach((k, n) -> table.add(new Suppression.Cell(k.code(), "area", n, k.tier())));
            cells.keySet().forEach(k -> codes.add(k.code()));
            this.plan = exact ? null : Suppression.plan(table, min);
        }

        /** The sum over the selected cells; null when withheld. */
        Long sum(Predicate<Key> selected) {
            long n = 0;
            Set<String> picked = new LinkedHashSet<>();
            for (Map.Entry<Key, Long> c : cells.entrySet()) {
                if (selected.test(c.getKey())) {
                    n += c.getValue();
                    picked.add(c.getKey().code());
                }
            }
            if (exact || picked.isEmpty()) {
                return n;
            }
            if (plan.root() || n < min || plan.splits(codes, picked::contains)) {
                return null;
            }
            return n;
        }
    }

    /** A cause's title: the catalogue rule's, or the department list's for {@code list:<source>}; null if unknown. */
    static I18n causeTitle(Watch watch, String rule) {
        if (rule.startsWith("list:")) {
            WatchList l = watch.lists().get(rule.substring("list:".length()));
            return l == null ? null : l.title();
        }
        return watch.rules().stream().filter(r -> r.id().equals(rule)).map(WatchRule::title).findFirst().orElse(null);
    }
}
