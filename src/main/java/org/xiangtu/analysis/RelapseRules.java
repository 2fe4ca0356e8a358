package org.xiangtu.analysis;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.catalog.LayerDef;
import org.xiangtu.catalog.Watch;
import org.xiangtu.catalog.WatchCondition;
import org.xiangtu.catalog.WatchRule;

/**
 * The relapse watch's rules (catalogue {@code watch}, docs/relapse-watch.md) compiled once and checked
 * against one household at a time: which rules it hits on a day. Pure: the caller reads the household and
 * the events its visits reported, and opens alerts for the hits. Immutable and thread-safe.
 */
public final class RelapseRules {

    /** An event a visit to the household reported, on the day of the visit. */
    public record Reported(String event, LocalDate on) {
    }

    /**
     * A rule the household hits: who must act by which day, and the facts the hit rests on ({@code basis}: the
     * year, the values the rule read, the dates of the events it counted), so that the same facts, once
     * verified, do not alert again.
     */
    public record Hit(String rule, String tier, String actor, LocalDate due, String basis) {
    }

    private record Compiled(WatchRule rule, WatchCondition condition) {
    }

    private final Watch watch;
    private final List<Compiled> rules;

    private RelapseRules(Watch watch, List<Compiled> rules) {
        this.watch = watch;
        this.rules = rules;
    }

    /** The catalogue's rules; none when the catalogue has no watch. */
    public static RelapseRules of(Catalog catalog) {
        if (catalog.watch() == null) {
            return new RelapseRules(null, List.of());
        }
        LayerDef households = catalog.layer("households").orElseThrow();
        LayerDef visits = catalog.layer("visits").orElse(null);
        List<Compiled> compiled = catalog.watch().rules().stream()
                .map(r -> new Compiled(r, r.condition(households, visits))).toList();
        return new RelapseRules(catalog.watch(), compiled);
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** The rule ids, in catalogue order. */
    public List<String> ruleIds() {
        return rules.stream().map(c -> c.rule().id()).toList();
    }

    /** The household fields the rules read on the day (templates filled with its line year); none before. */
    public java.util.Set<String> fields(LocalDate day) {
        OptionalInt year = watch == null ? OptionalInt.empty() : watch.yearOn(day);
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (year.isPresent()) {
            for (Compiled c : rules) {
                c.condition().fieldTemplates().forEach(t -> out.add(WatchCondition.fill(t, year.getAsInt())));
            }
        }
        return out;
    }

    /**
     * The rules' conditions on the day, for a store to narrow the households it reads to those that may hit
     * ({@link org.xiangtu.store.WatchCandidates}); empty before the first line year (nothing can hit).
     */
    public java.util.Optional<org.xiangtu.store.WatchCandidates> candidates(LocalDate day) {
        OptionalInt year = watch == null ? OptionalInt.empty() : watch.yearOn(day);
        if (year.isEmpty()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new org.xiangtu.store.WatchCandidates(
                rules.stream().map(Compiled::condition).toList(), year.getAsInt(), watch.lines(), day));
    }

    /** The facts a hit rests on: the year, each value read (in order), the counted events with their days. */
    private static String basis(WatchCondition condition, Map<String, ?> household, List<Reported> reported,
            LocalDate day, int year) {
        StringBuilder b = new StringBuilder().append(year);
        for (String t : new java.util.LinkedHashSet<>(condition.fieldTemplates())) {
            String name = WatchCondition.fill(t, year);
            Object v = household.get(name);
            b.append('|').append(name).append('=').append(v instanceof Number n ? Double.toString(n.doubleValue()) : v);
        }
        for (WatchCondition.Reported e : condition.events()) {
            reported.stream().filter(r -> r.event().equals(e.event()))
                    .filter(r -> !r.on().isAfter(day) && ChronoUnit.DAYS.between(r.on(), day) < e.withinDays())
                    .map(Reported::on).sorted().forEach(on -> b.append('|').append(e.event()).append('@').append(on));
        }
        return b.toString();
    }

    /**
     * The rules the household hits on the given day, in catalogue order. The check uses the latest line year
     * not after the day (none before the first line year); reported events count from the day back.
     */
    public List<Hit> check(Map<String, ?> household, List<Reported> reported, LocalDate day) {
        OptionalInt year = watch == null ? OptionalInt.empty() : watch.yearOn(day);
        if (year.isEmpty()) {
            return List.of();
        }
        WatchCondition.Facts facts = new WatchCondition.Facts() {
            @Override
            public Object value(String field) {
                return household.get(field);
            }

            @Override
            public Double line(int y) {
                return watch.line(y);
            }

            @Override
            public boolean reported(String event, int withinDays) {
                for (Reported r : reported) {
                    long ago = ChronoUnit.DAYS.between(r.on(), day);
                    if (r.event().equals(event) && ago >= 0 && ago < withinDays) {
                        return true;
                    }
                }
                return false;
            }
        };
        List<Hit> hits = new ArrayList<>();
        for (Compiled c : rules) {
            if (c.condition().test(facts, year.getAsInt())) {
                WatchRule r = c.rule();
                hits.add(new Hit(r.id(), r.tier(), r.actor(), day.plusDays(r.days()),
                        basis(c.condition(), household, reported, day, year.getAsInt())));
            }
        }
        return hits;
    }
}
