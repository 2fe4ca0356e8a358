package org.xiangtu.analysis;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.xiangtu.catalog.I18n;
import org.xiangtu.catalog.Watch;
import org.xiangtu.store.WatchStore.Alert;
import org.xiangtu.store.WatchStore.Monitoring;

/**
 * The relapse watch's figures for the cockpit and the wall screen (docs/relapse-watch.md, "Watch view"), as
 * of a day, from the alerts and monitoring records and the village and town layers. Pure and static.
 *
 * <p>Status as of {@code asOf}: an alert is open if it opened by the end of that day (county time) and was not
 * closed by then, overdue if open and {@code asOf} is after its due day; a household is under monitoring if
 * its record began on or before {@code asOf} and had not ended by then. "The 12 months to asOf" are the twelve
 * calendar months ending with {@code asOf}'s (up to {@code asOf}), so the totals are the sums of the series.
 *
 * <p>{@link #leader} gives every figure (household data: leaders and administrators); {@link #counts} the
 * public's counts of households, each withheld ({@code "value": null, "suppressed": true}) when it is about
 * fewer than {@link #MIN_GROUP} households or would let a withheld one be derived ({@link Suppression}: one
 * plan per figure over villages in towns in the district; the monthly series' total only when no month is withheld).
 */
public final class WatchFigures {
    /** Smallest group of households a public figure may be about. */
    public static final int MIN_GROUP = 5;
    public static final String DISTRICT = "district";

    private WatchFigures() {
    }

    /** A town or village: its code, name and parent (a village's town; a town's: null). */
    public record Unit(String code, String name, String parent) {
    }

    /** The area asked for: {@code level} district, town or village; {@code code} null for the district. */
    public record Scope(String level, String code, String name) {
    }

    /** The records and layers the figures come from; {@code towns} and {@code villages} by code. */
    public record Data(List<Alert> alerts, List<Monitoring> monitoring, Map<String, Unit> towns,
            Map<String, Unit> villages, Watch watch, ZoneId zone) {
    }

    /** The end of the day in the county (exclusive). */
    static Instant endOf(LocalDate day, ZoneId zone) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** Whether the alert was open at the end of the day. */
    public static boolean openOn(Alert a, LocalDate day, ZoneId zone) {
        Instant end = endOf(day, zone);
        return a.openedAt().isBefore(end) && (a.closedAt() == null || !a.closedAt().isBefore(end));
    }

    /** Whether the alert was open and past its due day on the day. */
    public static boolean overdueOn(Alert a, LocalDate day, ZoneId zone) {
        return openOn(a, day, zone) && day.isAfter(a.dueOn());
    }

    /** The alert's status as of the day: open until its closing, then its status. */
    public static String statusOn(Alert a, LocalDate day, ZoneId zone) {
        return a.closedAt() != null && a.closedAt().isBefore(endOf(day, zone)) ? a.status() : "open";
    }

    /** Whether the household was under monitoring on the day. */
    public static boolean monitoredOn(Monitoring m, LocalDate day) {
        return !m.since().isAfter(day) && (m.endedOn() == null || m.endedOn().isAfter(day));
    }

    /** The first day of the 12-month window to {@code asOf}. */
    public static LocalDate windowStart(LocalDate asOf) {
        return YearMonth.from(asOf).minusMonths(11).atDay(1);
    }

    /** Whether the time's county day is in the window to asOf. */
    private static boolean inWindow(Instant t, LocalDate asOf, ZoneId zone) {
        if (t == null) {
            return false;
        }
        LocalDate d = LocalDate.ofInstant(t, zone);
        return !d.isBefore(windowStart(asOf)) && !d.isAfter(asOf);
    }

    private static boolean inWindow(LocalDate d, LocalDate asOf) {
        return d != null && !d.isBefore(windowStart(asOf)) && !d.isAfter(asOf);
    }

    /** The town of a village code, by the villages layer. */
    private static String townOf(Data data, String village) {
        Unit v = data.villages().get(village);
        return v == null ? null : v.parent();
    }

    /** Whether a record's village lies in the scope. */
    private static Predicate<String> inScope(Data data, Scope scope) {
        return switch (scope.level()) {
            case "village" -> v -> scope.code().equals(v);
            case "town" -> v -> scope.code().equals(townOf(data, v));
            default -> v -> true;
        };
    }

    /** Every figure, for the roles that see household data. */
    public static Map<String, Object> leader(Data data, Scope scope, LocalDate asOf) {
        Predicate<String> in = inScope(data, scope);
        List<Alert> alerts = data.alerts().stream().filter(a -> in.test(a.villageCode())).toList();
        List<Monitoring> mon = data.monitoring().stream().filter(m -> in.test(m.villageCode())).toList();
        ZoneId zone = data.zone();
        Map<String, Object> out = head(scope, asOf, "household");
        List<Alert> open = alerts.stream().filter(a -> openOn(a, asOf, zone)).toList();
        List<Alert> verified = alerts.stream().filter(a -> !a.isOpen()
                && inWindow(a.closedAt(), asOf, zone)).toList();
        Map<String, Object> totals = new LinkedHashMap<>();
        totals.put("households_monitored", mon.stream().filter(m -> monitoredOn(m, asOf)).count());
        totals.put("open_alerts", (long) open.size());
        totals.put("overdue_alerts", open.stream().filter(a -> overdueOn(a, asOf, zone)).count());
        totals.put("opened_12m", alerts.stream().filter(a -> inWindow(a.openedAt(), asOf, zone)).count());
        totals.put("verified_12m", (long) verified.size());
        totals.put("avg_days_to_verify", avgDays(verified));
        long confirmed = verified.stream().filter(a -> "confirmed".equals(a.status())).count();
        totals.put("confirmed_share", verified.isEmpty() ? null : Math.round(1000.0 * confirmed / verified.size()) / 1000.0);
        out.put("totals", totals);
        out.put("tiers", tiers(data.watch(), open));
        out.put("causes", causes(data.watch(), open));
        if (!scope.level().equals("village")) {
            out.put("units", units(data, scope, alerts, mon, asOf));
        } else {
            out.put("alerts", alerts.stream().filter(a -> openOn(a, asOf, zone) || inWindow(a.closedAt(), asOf, zone))
                    .map(a -> alertRow(data.watch(), a, asOf, zone)).toList());
        }
        out.put("series", series(alerts, mon, asOf, zone));
        return out;
    }

    private static Map<String, Object> head(Scope scope, LocalDate asOf, String access) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("level", scope.level());
        s.put("code", scope.code());
        s.put("name", scope.name());
        out.put("scope", s);
        out.put("as_of", asOf.toString());
        out.put("window", Map.of("from", windowStart(asOf).toString(), "to", asOf.toString()));
        out.put("access", access);
        out.put("min_group", MIN_GROUP);
        return out;
    }

    /** Mean days from opening to verification, to a tenth; null when none. */
    static Double avgDays(Collection<Alert> verified) {
        if (verified.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (Alert a : verified) {
            sum += Duration.between(a.openedAt(), a.closedAt()).getSeconds() / 86_400.0;
        }
        return Math.round(10 * sum / verified.size()) / 10.0;
    }

    private static List<Map<String, Object>> tiers(Watch watch, List<Alert> open) {
        List<Map<String, Object>> out = new ArrayList<>();
        Set<String> ids = new java.util.LinkedHashSet<>(watch.tiers().keySet());
        open.forEach(a -> ids.add(a.tier()));
        for (String t : ids) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("tier", t);
            m.put("title", watch.tiers().get(t));
            m.put("open", open.stream().filter(a -> t.equals(a.tier())).count());
            out.add(m);
        }
        return out;
    }

    /** A cause's title: the catalogue rule's, or the department list's for {@code list:<source>}. */
    static I18n causeTitle(Watch watch, String rule) {
        if (rule.startsWith("list:")) {
            var l = watch.lists().get(rule.substring(5));
            return l == null ? null : l.title();
        }
        return watch.rules().stream().filter(r -> r.id().equals(rule)).map(r -> r.title()).findFirst().orElse(null);
    }

    private static List<Map<String, Object>> causes(Watch watch, List<Alert> open) {
        Map<String, Long> n = new TreeMap<>();
        open.forEach(a -> n.merge(a.rule(), 1L, Long::sum));
        List<Map<String, Object>> out = new ArrayList<>();
        n.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).forEach(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rule", e.getKey());
            m.put("title", causeTitle(watch, e.getKey()));
            m.put("open", e.getValue());
            out.add(m);
        });
        return out;
    }

    /** The scope's towns (district) or villages (town), each with its figures. */
    private static List<Map<String, Object>> units(Data data, Scope scope, List<Alert> alerts, List<Monitoring> mon,
            LocalDate asOf) {
        boolean district = scope.level().equals(DISTRICT);
        Collection<Unit> children = district ? data.towns().values()
                : data.villages().values().stream().filter(v -> scope.code().equals(v.parent())).toList();
        Function<String, String> unitOf = district ? v -> townOf(data, v) : v -> v;
        ZoneId zone = data.zone();
        List<Map<String, Object>> out = new ArrayList<>();
        for (Unit u : children) {
            List<Alert> ua = alerts.stream().filter(a -> u.code().equals(unitOf.apply(a.villageCode()))).toList();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", u.code());
            m.put("name", u.name());
            m.put("monitored", mon.stream().filter(x -> u.code().equals(unitOf.apply(x.villageCode()))
                    && monitoredOn(x, asOf)).count());
            m.put("open", ua.stream().filter(a -> openOn(a, asOf, zone)).count());
            m.put("overdue", ua.stream().filter(a -> overdueOn(a, asOf, zone)).count());
            m.put("avg_days_to_verify", avgDays(ua.stream().filter(a -> !a.isOpen()
                    && inWindow(a.closedAt(), asOf, zone)).toList()));
            out.add(m);
        }
        return out;
    }

    private static Map<String, Object> alertRow(Watch watch, Alert a, LocalDate asOf, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("household_code", a.householdCode());
        m.put("rule", a.rule());
        m.put("rule_title", causeTitle(watch, a.rule()));
        m.put("tier", a.tier());
        m.put("tier_title", watch.tiers().get(a.tier()));
        m.put("opened_on", LocalDate.ofInstant(a.openedAt(), zone).toString());
        m.put("due_on", a.dueOn().toString());
        m.put("status", statusOn(a, asOf, zone));
        m.put("overdue", overdueOn(a, asOf, zone));
        m.put("cadre", a.cadre());
        return m;
    }

    /** The 12 months to asOf: alerts opened and verified, households entering and leaving monitoring. */
    private static List<Map<String, Object>> series(List<Alert> alerts, List<Monitoring> mon, LocalDate asOf,
            ZoneId zone) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (YearMonth ym : months(asOf)) {
            Predicate<LocalDate> inMonth = d -> d != null && YearMonth.from(d).equals(ym) && !d.isAfter(asOf);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("month", ym.toString());
            m.put("opened", alerts.stream().filter(a -> inMonth.test(LocalDate.ofInstant(a.openedAt(), zone))).count());
            m.put("verified", alerts.stream().filter(a -> !a.isOpen()
                    && inMonth.test(LocalDate.ofInstant(a.closedAt(), zone))).count());
            m.put("entered", mon.stream().filter(x -> inMonth.test(x.since())).count());
            m.put("left", mon.stream().filter(x -> inMonth.test(x.endedOn())).count());
            out.add(m);
        }
        return out;
    }

    private static List<YearMonth> months(LocalDate asOf) {
        List<YearMonth> out = new ArrayList<>();
        for (int i = 11; i >= 0; i--) {
            out.add(YearMonth.from(asOf).minusMonths(i));
        }
        return out;
    }

    // ---- the public's counts ----

    /** Households (distinct) per village, from (village, household) pairs. */
    private static Map<String, Set<String>> households(Collection<String[]> villageAndHousehold) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        villageAndHousehold.forEach(p -> out.computeIfAbsent(p[0], k -> new HashSet<>()).add(p[1]));
        return out;
    }

    /** The suppression plan of a count of households per village, over villages in towns. */
    static Suppression.Plan plan(Data data, Map<String, Set<String>> perVillage) {
        List<Suppression.Cell> cells = new ArrayList<>();
        for (Unit v : data.villages().values()) {
            cells.add(new Suppression.Cell(v.code(), v.parent(), perVillage.getOrDefault(v.code(), Set.of()).size(), null));
        }
        return Suppression.plan(cells, MIN_GROUP);
    }

    /** A published or withheld count: {@code {"value": n, "suppressed": false}} or {@code {"value": null, "suppressed": true}}. */
    static Map<String, Object> figure(long value, boolean withheld) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("value", withheld ? null : value);
        m.put("suppressed", withheld);
        return m;
    }

    /** The public's counts: households under monitoring, with open alerts, with overdue alerts; never about fewer than 5. */
    public static Map<String, Object> counts(Data data, Scope scope, LocalDate asOf) {
        ZoneId zone = data.zone();
        Map<String, Map<String, Set<String>>> figures = new LinkedHashMap<>();
        figures.put("households_monitored", households(data.monitoring().stream().filter(m -> monitoredOn(m, asOf))
                .map(m -> new String[] {m.villageCode(), m.householdCode()}).toList()));
        figures.put("households_open", households(data.alerts().stream().filter(a -> openOn(a, asOf, zone))
                .map(a -> new String[] {a.villageCode(), a.householdCode()}).toList()));
        // no overdue count: the overdue are a part of the open, and open less overdue could be under five
        Map<String, Object> out = head(scope, asOf, "counts");
        Map<String, Object> totals = new LinkedHashMap<>();
        Map<String, Suppression.Plan> plans = new LinkedHashMap<>();
        figures.forEach((name, perVillage) -> {
            Suppression.Plan plan = plan(data, perVillage);
            plans.put(name, plan);
            totals.put(name, publicFigure(data, scope, perVillage, plan));
        });
        out.put("totals", totals);
        if (scope.level().equals(DISTRICT)) {
            List<Map<String, Object>> units = new ArrayList<>();
            for (Unit t : data.towns().values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("code", t.code());
                m.put("name", t.name());
                figures.forEach((name, perVillage) -> m.put(name, publicFigure(data, new Scope("town", t.code(), t.name()),
                        perVillage, plans.get(name))));
                units.add(m);
            }
            out.put("units", units);
            enteringSeries(data, asOf, out);
        }
        return out;
    }

    /** A scope's count of households, withheld as the plan says. */
    private static Map<String, Object> publicFigure(Data data, Scope scope, Map<String, Set<String>> perVillage,
            Suppression.Plan plan) {
        Predicate<String> in = inScope(data, scope);
        long n = perVillage.entrySet().stream().filter(e -> in.test(e.getKey())).mapToLong(e -> e.getValue().size()).sum();
        boolean withheld = switch (scope.level()) {
            case "village" -> plan.isCellSuppressed(scope.code()) || n < MIN_GROUP;
            case "town" -> plan.isParentSuppressed(scope.code()) || n < MIN_GROUP;
            default -> plan.root() || n < MIN_GROUP;
        };
        return figure(n, withheld);
    }

    /**
     * The district's households entering monitoring per month of the 12 to asOf: a month under 5 withheld; if one
     * month is withheld, the 12 months' total is too (else the total less the published months would give it away).
     */
    private static void enteringSeries(Data data, LocalDate asOf, Map<String, Object> out) {
        Map<YearMonth, Set<String>> per = new LinkedHashMap<>();
        months(asOf).forEach(ym -> per.put(ym, new HashSet<>()));
        data.monitoring().stream().filter(m -> inWindow(m.since(), asOf))
                .forEach(m -> per.get(YearMonth.from(m.since())).add(m.householdCode()));
        Map<YearMonth, Long> n = new LinkedHashMap<>();
        per.forEach((k, v) -> n.put(k, (long) v.size()));
        Set<YearMonth> withheld = withheldMonths(n);
        List<Map<String, Object>> series = new ArrayList<>();
        n.forEach((ym, v) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("month", ym.toString());
            m.put("entered", figure(v, withheld.contains(ym)));
            series.add(m);
        });
        out.put("series", series);
        out.put("series_total", figure(n.values().stream().mapToLong(Long::longValue).sum(), !withheld.isEmpty()));
    }

    /** The months whose count is under the minimum (the total is then withheld, so none is derived from it). */
    static Set<YearMonth> withheldMonths(Map<YearMonth, Long> n) {
        Set<YearMonth> out = new HashSet<>();
        n.forEach((k, v) -> {
            if (v < MIN_GROUP) {
                out.add(k);
            }
        });
        return out;
    }
}
