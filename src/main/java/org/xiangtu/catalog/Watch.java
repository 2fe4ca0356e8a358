package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.LocalDate;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * The relapse watch of the catalogue ({@code watch}, docs/relapse-watch.md): the monitoring line per year
 * (yuan of income per person and year; a household below the line of its year is at risk), the risk tiers
 * with their titles, the rules, and the departments whose lists of households open alerts ({@code lists}). The county sets the numbers;
 * the demo's are examples.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Watch(Map<Integer, Double> lines, Map<String, I18n> tiers, List<WatchRule> rules,
        Map<String, WatchList> lists) {

    public Watch {
        lines = Collections.unmodifiableMap(new TreeMap<>(lines == null ? Map.of() : lines));
        tiers = tiers == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(tiers));
        rules = rules == null ? List.of() : List.copyOf(rules);
        lists = lists == null ? Map.of() : Collections.unmodifiableMap(new java.util.LinkedHashMap<>(lists));
        for (Map.Entry<String, WatchList> l : lists.entrySet()) {
            if (!l.getKey().matches("[a-z][a-z0-9_]*") || !tiers.containsKey(l.getValue().tier())) {
                throw new IllegalArgumentException("watch list '" + l.getKey() + "': id or tier is not valid");
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("watch: lines needs at least one year");
        }
        lines.forEach((year, line) -> {
            if (line == null || !(line > 0)) {
                throw new IllegalArgumentException("watch: the line of " + year + " must be a positive number");
            }
        });
        Set<String> ids = new HashSet<>();
        for (WatchRule r : rules) {
            if (!ids.add(r.id())) {
                throw new IllegalArgumentException("watch: duplicate rule '" + r.id() + "'");
            }
            if (!tiers.containsKey(r.tier())) {
                throw new IllegalArgumentException("watch rule '" + r.id() + "': unknown tier '" + r.tier() + "'");
            }
        }
    }

    /** The year whose line and incomes a check on the given day uses: the latest line year not after it. */
    public OptionalInt yearOn(LocalDate day) {
        int y = day.getYear();
        return lines.keySet().stream().filter(k -> k <= y).mapToInt(Integer::intValue).max();
    }

    public Double line(int year) {
        return lines.get(year);
    }

    /** Checks every rule against the household and visit layers; an error names the rule and the part. */
    void check(LayerDef households, LayerDef visits) {
        for (WatchRule r : rules) {
            r.condition(households, visits).checkFields(households, lines.keySet());
        }
    }
}
