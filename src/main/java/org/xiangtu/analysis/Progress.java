package org.xiangtu.analysis;

import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.xiangtu.store.Feature;

/**
 * Project progress on any date, from the append-only history ({@code project_updates}): a project's
 * state on a date is its latest update on or before it; before its first update it is planned at 0 %.
 * Pure and static.
 */
public final class Progress {
    /** A project's status and progress (0–100) on a date. */
    public record State(String status, double progressPct) {
    }

    private Progress() {
    }

    /** Each project's state on {@code asOf}, by project id. */
    public static Map<String, State> at(Collection<Feature> projects, Collection<Feature> updates, LocalDate asOf) {
        Map<String, Feature> latest = new HashMap<>();
        for (Feature u : updates) {
            String at = (String) u.properties().get("at");
            if (at == null || LocalDate.parse(at).isAfter(asOf)) {
                continue;
            }
            String project = (String) u.properties().get("project_id");
            Feature known = latest.get(project);
            if (known == null || later(u, known)) {
                latest.put(project, u);
            }
        }
        Map<String, State> out = new LinkedHashMap<>();
        for (Feature p : projects) {
            Feature u = latest.get(p.id());
            out.put(p.id(), u == null ? new State("planned", 0)
                    : new State((String) u.properties().get("status"), number(u.properties().get("progress_pct"))));
        }
        return out;
    }

    /** Whether update {@code a} comes after {@code b}: by date, then by the time it was written, then by id. */
    static boolean later(Feature a, Feature b) {
        int byDate = ((String) a.properties().get("at")).compareTo((String) b.properties().get("at"));
        if (byDate != 0) {
            return byDate > 0;
        }
        Object ta = a.properties().get("updated_at");
        Object tb = b.properties().get("updated_at");
        if (ta != null && tb != null) {
            int byTime = java.time.Instant.parse((String) ta).compareTo(java.time.Instant.parse((String) tb));
            if (byTime != 0) {
                return byTime > 0;
            }
        }
        return a.id().compareTo(b.id()) >= 0;
    }

    /** Number of projects per status on the date, in the catalogue's status order. */
    public static Map<String, Long> byStatus(Map<String, State> states) {
        Map<String, Long> out = new LinkedHashMap<>();
        for (String s : List.of("planned", "under_way", "done", "suspended")) {
            out.put(s, 0L);
        }
        states.values().forEach(s -> out.merge(s.status(), 1L, Long::sum));
        return out;
    }

    /** Budget-weighted mean progress (0–100) of the projects; NaN when they have no budget. */
    public static double budgetWeighted(Collection<Feature> projects, Map<String, State> states) {
        double num = 0;
        double den = 0;
        for (Feature p : projects) {
            double budget = number(p.properties().get("budget_yuan"));
            State s = states.get(p.id());
            if (s != null && budget > 0) {
                num += budget * s.progressPct();
                den += budget;
            }
        }
        return den == 0 ? Double.NaN : num / den;
    }

    /** Projects due before {@code asOf} that are not done on it. */
    public static List<Feature> overdue(Collection<Feature> projects, Map<String, State> states, LocalDate asOf) {
        return projects.stream().filter(p -> {
            Object due = p.properties().get("due");
            State s = states.get(p.id());
            return due != null && LocalDate.parse((String) due).isBefore(asOf) && s != null && !"done".equals(s.status());
        }).toList();
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : 0;
    }
}
