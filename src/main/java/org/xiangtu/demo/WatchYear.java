package org.xiangtu.demo;

import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.analysis.RelapseRules;
import org.xiangtu.catalog.Watch;
import org.xiangtu.catalog.WatchList;
import org.xiangtu.geo.GaussKruger;

/**
 * A year of relapse watch for the demo county (synthetic, deterministic): the catalogue's rules run on the
 * first of every month and on the day a visit reports an event, as the server's nightly run and change hook
 * would; each new hit opens an alert (never two open for a rule and household, never again on the same
 * facts); department lists add a few; the household's cadre verifies most in time, some late, a few not yet
 * (overdue on the as-of day); about half are confirmed and the household enters monitoring, which a town
 * leader ends when no rule has hit it for three months.
 */
final class WatchYear {
    /** What the cadre did (confirmed) or found (not confirmed), by the rule's kind. */
    private static final Map<String, List<String>> MEASURES = Map.of(
            "income", List.of("安排公益性岗位", "发放产业奖补", "联系就近务工", "纳入低保"),
            "medical_expense", List.of("申请大病医疗救助", "落实临时救助", "协调医疗报销"),
            "disaster", List.of("落实危房维修补助", "落实临时救助", "协调饮水设施维修"),
            "job_loss", List.of("联系就近务工", "安排公益性岗位", "推荐技能培训"),
            "list", List.of("落实临时救助", "纳入低保", "申请大病医疗救助"));
    private static final Map<String, List<String>> NOT_CONFIRMED = Map.of(
            "income", List.of("收入核实后高于监测线", "家庭成员外出务工收入未计入"),
            "medical_expense", List.of("医疗费用已由医保报销大部", "自付部分家庭可承受"),
            "disaster", List.of("灾损轻微，已自行修复", "保险已理赔"),
            "job_loss", List.of("已在本地重新就业", "已外出务工"),
            "list", List.of("核实后不符合条件", "部门信息已过时"));
    private static final Map<String, List<String>> LIST_REASONS = Map.of(
            "civil_affairs", List.of("申请临时救助", "申请低保"),
            "health_insurance", List.of("住院自付费用较高", "慢病长期用药"),
            "housing", List.of("房屋鉴定为C级", "房屋受损"),
            "human_resources", List.of("失业登记", "返乡未就业"));

    private record Open(String id, String rule, Households.Household h, LocalDate opened, String basis) {
    }

    private final RelapseRules rules;
    private final Watch watch;
    private final SplittableRandom rnd;
    private final LocalDate asOf;
    private final BiConsumer<String, DemoCounty.DemoFeature> add;
    private final Map<String, Open> open = new LinkedHashMap<>();
    /** rule|household → the bases verified already. */
    private final Map<String, List<String>> verified = new HashMap<>();
    /** day → the alerts closed that day (id), and how. */
    private final Map<LocalDate, List<String>> closings = new HashMap<>();
    private final Map<String, Map<String, Object>> alertRows = new LinkedHashMap<>();
    private final Map<String, Households.Household> alertHouseholds = new HashMap<>();
    /** household code → its monitoring row while it lasts. */
    private final Map<String, Map<String, Object>> monitored = new LinkedHashMap<>();
    private final Map<String, LocalDate> lastHit = new HashMap<>();
    private final List<Map<String, Object>> monitoringRows = new ArrayList<>();
    private final List<Households.Household> monitoringHouseholds = new ArrayList<>();
    private int alertNo;

    WatchYear(RelapseRules rules, Watch watch, long seed, LocalDate asOf, BiConsumer<String, DemoCounty.DemoFeature> add) {
        this.rules = rules;
        this.watch = watch;
        this.rnd = new SplittableRandom(seed);
        this.asOf = asOf;
        this.add = add;
    }

    /** Runs the year up to the as-of day and adds the two layers' features. */
    void run(List<Households.Household> households, List<Map<String, Object>> visits) {
        Map<String, Households.Household> byCode = new LinkedHashMap<>();
        households.forEach(h -> byCode.put(h.code(), h));
        Map<String, List<RelapseRules.Reported>> events = new HashMap<>();
        Map<LocalDate, List<String>> eventDays = new HashMap<>();
        for (Map<String, Object> v : visits) {
            if (v.get("reported") instanceof String e) {
                LocalDate on = LocalDate.parse(((String) v.get("at")).substring(0, 10));
                String code = (String) v.get("household_code");
                events.computeIfAbsent(code, k -> new ArrayList<>()).add(new RelapseRules.Reported(e, on));
                eventDays.computeIfAbsent(on, k -> new ArrayList<>()).add(code);
            }
        }
        Map<LocalDate, List<String[]>> lists = departmentLists(households);
        LocalDate first = YearMonth.from(asOf).minusMonths(11).atDay(1);
        for (LocalDate day = first; !day.isAfter(asOf); day = day.plusDays(1)) {
            for (String id : closings.getOrDefault(day, List.of())) {
                close(id, day);
            }
            for (String[] line : lists.getOrDefault(day, List.of())) {
                Households.Household h = byCode.get(line[1]);
                WatchList l = watch.lists().get(line[0]);
                openAlert("list:" + line[0], h, day, l.tier(), l.actor(), l.days(), line[2], "list|" + line[2]);
            }
            for (String code : eventDays.getOrDefault(day, List.of())) {
                check(byCode.get(code), events.getOrDefault(code, List.of()), day);
            }
            if (day.getDayOfMonth() == 1) {
                for (Households.Household h : households) {
                    check(h, events.getOrDefault(h.code(), List.of()), day);
                }
                endMonitoring(day);
            }
        }
        int n = 0;
        for (Map.Entry<String, Map<String, Object>> a : alertRows.entrySet()) {
            add.accept("watch_alerts", new DemoCounty.DemoFeature(a.getKey(), point(alertHouseholds.get(a.getKey())),
                    a.getValue()));
        }
        for (Map<String, Object> m : monitoringRows) {
            add.accept("watch_monitoring", new DemoCounty.DemoFeature("monitoring-" + m.get("alert_id"),
                    point(monitoringHouseholds.get(n++)), m));
        }
    }

    private static Geometry point(Households.Household h) {
        return GaussKruger.METRIC.createPoint(h.at());
    }

    /** About 40 lines over the year from the departments of the catalogue, each for a random household. */
    private Map<LocalDate, List<String[]>> departmentLists(List<Households.Household> households) {
        Map<LocalDate, List<String[]>> out = new HashMap<>();
        List<String> sources = new ArrayList<>(watch.lists().keySet());
        for (int i = 0; i < 40 && !sources.isEmpty(); i++) {
            String source = sources.get(rnd.nextInt(sources.size()));
            Households.Household h = households.get(rnd.nextInt(households.size()));
            LocalDate day = asOf.minusDays(rnd.nextInt(360));
            List<String> reasons = LIST_REASONS.getOrDefault(source, List.of("部门推送"));
            out.computeIfAbsent(day, k -> new ArrayList<>()).add(new String[] {source, h.code(),
                    reasons.get(rnd.nextInt(reasons.size()))});
        }
        return out;
    }

    private void check(Households.Household h, List<RelapseRules.Reported> events, LocalDate day) {
        List<RelapseRules.Reported> known = events.stream().filter(e -> !e.on().isAfter(day)).toList();
        for (RelapseRules.Hit hit : rules.check(h.properties(), known, day)) {
            lastHit.put(h.code(), day);
            openAlert(hit.rule(), h, day, hit.tier(), hit.actor(), (int) ChronoUnit.DAYS.between(day, hit.due()), null,
                    hit.basis());
        }
    }

    private void openAlert(String rule, Households.Household h, LocalDate day, String tier, String actor, int days,
            String reason, String basis) {
        String pair = rule + "|" + h.code();
        if (open.containsKey(pair) || verified.getOrDefault(pair, List.of()).contains(basis)) {
            return;
        }
        String id = String.format("alert-%05d", ++alertNo);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rule", rule);
        p.put("household_code", h.code());
        p.put("village_code", h.properties().get("village_code"));
        p.put("cadre", h.cadre());
        p.put("tier", tier);
        p.put("actor", actor);
        p.put("opened_at", time(day, 8 + rnd.nextInt(3)));
        p.put("due_on", day.plusDays(days).toString());
        p.put("reason", reason);
        p.put("basis", basis);
        p.put("status", "open");
        p.put("closed_at", null);
        p.put("closed_by", null);
        p.put("visit_id", null);
        p.put("note", null);
        p.put("updated_at", p.get("opened_at"));
        alertRows.put(id, p);
        alertHouseholds.put(id, h);
        open.put(pair, new Open(id, rule, h, day, basis));
        // most verified in time, some late, a few not yet
        double r = rnd.nextDouble();
        int delay = r < 0.80 ? 1 + rnd.nextInt(days) : r < 0.95 ? days + 1 + rnd.nextInt(25) : 10_000;
        LocalDate on = day.plusDays(delay);
        if (!on.isAfter(asOf)) {
            closings.computeIfAbsent(on, k -> new ArrayList<>()).add(id);
        }
    }

    private void close(String id, LocalDate day) {
        Map<String, Object> p = alertRows.get(id);
        Households.Household h = alertHouseholds.get(id);
        String pair = p.get("rule") + "|" + h.code();
        open.remove(pair);
        verified.computeIfAbsent(pair, k -> new ArrayList<>()).add((String) p.get("basis"));
        boolean confirmed = rnd.nextDouble() < 0.5;
        String at = time(day, 14 + rnd.nextInt(4));
        p.put("status", confirmed ? "confirmed" : "not_confirmed");
        p.put("closed_at", at);
        p.put("closed_by", h.cadre());
        String rule = (String) p.get("rule");
        String kind = rule.startsWith("list:") ? "list" : rule.startsWith("income") || rule.startsWith("guarantee")
                ? "income" : rule;
        List<String> notes = (confirmed ? MEASURES : NOT_CONFIRMED).getOrDefault(kind, MEASURES.get("list"));
        p.put("note", notes.get(rnd.nextInt(notes.size())));
        p.put("updated_at", at);
        if (confirmed && !monitored.containsKey(h.code())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("household_code", h.code());
            m.put("village_code", h.properties().get("village_code"));
            m.put("since", day.toString());
            m.put("alert_id", id);
            m.put("measure", p.get("note"));
            m.put("ended_on", null);
            m.put("end_reason", null);
            m.put("ended_by", null);
            m.put("updated_at", at);
            monitored.put(h.code(), m);
            monitoringRows.add(m);
            monitoringHouseholds.add(h);
        }
    }

    /** A town leader ends monitoring when nothing hit the household for three months and none of its alerts is open. */
    private void endMonitoring(LocalDate day) {
        for (var it = monitored.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            String code = e.getKey();
            LocalDate since = LocalDate.parse((String) e.getValue().get("since"));
            LocalDate last = lastHit.getOrDefault(code, since);
            boolean anyOpen = open.keySet().stream().anyMatch(pair -> pair.endsWith("|" + code));
            if (!anyOpen && !last.isAfter(day.minusMonths(3)) && !since.isAfter(day.minusMonths(3))) {
                Map<String, Object> m = e.getValue();
                m.put("ended_on", day.toString());
                m.put("end_reason", "镇街研判：风险已消除，帮扶措施见效");
                m.put("ended_by", "ld" + code.substring(0, 9));
                m.put("updated_at", time(day, 10));
                it.remove();
            }
        }
    }

    private static String time(LocalDate day, int hourLocal) {
        return day.atTime(LocalTime.of(hourLocal, 0)).atOffset(ZoneOffset.ofHours(8)).toInstant().toString();
    }

}
