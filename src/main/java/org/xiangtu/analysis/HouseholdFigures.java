package org.xiangtu.analysis;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures the map shows that are computed from household and visit records — one source of truth.
 * A village's poverty counts ({@code poor_households}, the three classes, their people, the people in
 * extreme-poverty support) are {@link #villageFields} of its households; the monthly home visits are
 * {@link #visitsByVillageMonth} of the visit records. The demo generator writes the village layer and
 * the {@code home_visits} table with these functions, and the store recomputes them with the same
 * functions in the transaction that changes a household or adds a visit.
 */
public final class HouseholdFigures {
    /** The household classes of the "3" of the 321 mechanism, as stored: 动态关注, 助推攻坚, 政策兜底. */
    public static final List<String> CLASSES = List.of("watch", "push", "safety_net");

    /** The village fields that {@link #villageFields} computes, in catalogue order. */
    public static final List<String> VILLAGE_FIELDS = List.of("poor_households", "poor_people",
            "watch_households", "push_households", "safety_net_households", "watch_people", "push_people",
            "safety_net_people", "extreme_poverty_people");

    private HouseholdFigures() {
    }

    /**
     * A village's poverty counts from its households' properties ({@code class}, {@code size},
     * {@code extreme_poor_people}); every field of {@link #VILLAGE_FIELDS}, 0 for a village without
     * households. A household of an unknown class counts in the totals only.
     */
    public static Map<String, Long> villageFields(Iterable<Map<String, Object>> households) {
        Map<String, Long> out = new LinkedHashMap<>();
        VILLAGE_FIELDS.forEach(f -> out.put(f, 0L));
        for (Map<String, Object> h : households) {
            long size = number(h.get("size"));
            out.merge("poor_households", 1L, Long::sum);
            out.merge("poor_people", size, Long::sum);
            Object kind = h.get("class");
            if (kind instanceof String c && CLASSES.contains(c)) {
                out.merge(c + "_households", 1L, Long::sum);
                out.merge(c + "_people", size, Long::sum);
            }
            out.merge("extreme_poverty_people", number(h.get("extreme_poor_people")), Long::sum);
        }
        return out;
    }

    /**
     * Visits per village and month ({@code YYYY-MM-01}, the month of the visit's local time {@code at},
     * an ISO date-time with offset): village code → month → count, both sorted.
     */
    public static Map<String, Map<String, Long>> visitsByVillageMonth(Iterable<Map<String, Object>> visits) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (Map<String, Object> v : visits) {
            Object village = v.get("village_code");
            Object at = v.get("at");
            if (village instanceof String code && at instanceof String time && time.length() >= 7) {
                out.computeIfAbsent(code, k -> new TreeMap<>()).merge(monthOf(time), 1L, Long::sum);
            }
        }
        return out;
    }

    /** The first day of the month of an ISO date or date-time ({@code 2020-03-14T09:35:00+08:00} → {@code 2020-03-01}). */
    public static String monthOf(String isoTime) {
        return isoTime.substring(0, 7) + "-01";
    }

    private static long number(Object v) {
        return v instanceof Number n ? n.longValue() : 0L;
    }
}
