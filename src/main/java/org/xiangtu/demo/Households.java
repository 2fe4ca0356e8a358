package org.xiangtu.demo;

import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.locationtech.jts.algorithm.construct.MaximumInscribedCircle;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.geo.GaussKruger;

/**
 * The registered poor households (建卡贫困户) of the demo county and a year of their cadres' visits: every
 * record synthetic (names, positions, incomes), made so that the village counts computed from them are
 * the generator's allocation of the published figures. Its own random stream, so adding it changed no
 * other layer of the demo county.
 */
final class Households {
    /** About this many households per assistance cadre (a cadre looks after the households of one village). */
    static final int PER_CADRE = 6;
    private static final String SURNAMES = "王李张刘陈杨黄赵周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段";
    private static final String GIVEN = "德明华国建志文秀英兰玉芳春成永长福贵发祥红军平清云兴胜全光荣";
    private static final List<String> CAUSES = List.of("illness", "disability", "education", "disaster",
            "lack_of_land", "lack_of_water", "lack_of_skills", "lack_of_labour", "lack_of_funds", "poor_transport",
            "own_motivation");
    /** The shares of the causes of poverty (illness and disability first, as in most of Chongqing's records). */
    private static final double[] CAUSE_WEIGHTS = {0.34, 0.17, 0.07, 0.03, 0.02, 0.01, 0.12, 0.10, 0.08, 0.02, 0.04};
    private static final List<String> INDICATORS = List.of("food_clothing", "housing", "water", "education", "medical");
    private static final Map<String, List<String>> NOTES = Map.of(
            "monthly", List.of("了解收入和“两不愁三保障”情况", "核对务工收入", "宣讲产业扶持政策", "查看住房和饮水",
                    "帮助联系就业岗位", "了解子女上学情况"),
            "festival", List.of("节日慰问", "春节走访慰问", "送去米油慰问品"),
            "season", List.of("夏季防暑检查", "冬季防寒检查", "查看雨季房屋安全"),
            "emergency", List.of("突发疾病探视", "灾后查看受损情况", "协助办理临时救助"));

    private final SplittableRandom rnd;

    Households(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** One village's share of the classes (households and people) and the people in extreme-poverty support. */
    record Quota(String villageCode, Geometry area, long watchHh, long watchPeople, long pushHh, long pushPeople,
            long safetyHh, long safetyPeople, long extremePeople, Long liftedYear) {
        long households() {
            return watchHh + pushHh + safetyHh;
        }
    }

    /** One household as generated: its id, metric position and properties (catalogue field order). */
    record Household(String id, Coordinate at, Map<String, Object> properties) {
        String code() {
            return (String) properties.get("code");
        }

        String cadre() {
            return (String) properties.get("cadre");
        }
    }

    /** The village's households: exactly its quota of classes, people and extreme-poverty support. */
    List<Household> village(Quota q, LocalDate asOf) {
        List<Household> out = new ArrayList<>();
        String[] classes = {"watch", "push", "safety_net"};
        long[] hh = {q.watchHh(), q.pushHh(), q.safetyHh()};
        long[] people = {q.watchPeople(), q.pushPeople(), q.safetyPeople()};
        int n = (int) q.households();
        int cadres = Math.max(1, (n + PER_CADRE - 1) / PER_CADRE);
        int liftedIndex = n == 0 ? -1 : rnd.nextInt(n);
        Geometry inner = q.area().buffer(-60);
        Geometry where = inner.isEmpty() ? q.area() : inner;
        int index = 0;
        for (int c = 0; c < classes.length; c++) {
            int count = (int) hh[c];
            if (count == 0) {
                continue;
            }
            long[] sizes = Allocate.withFloor(people[c], ones(count), weights(count, classes[c]));
            long[] extreme = classes[c].equals("safety_net") ? extreme(q.extremePeople(), sizes) : new long[count];
            for (int i = 0; i < count; i++) {
                String code = q.villageCode() + String.format("%04d", index + 1);
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("code", code);
                p.put("village_code", q.villageCode());
                p.put("head_name", name());
                p.put("size", sizes[i]);
                p.put("class", classes[c]);
                p.put("main_cause", cause(classes[c]));
                p.put("extreme_poor_people", extreme[i]);
                for (String indicator : INDICATORS) {
                    p.put(indicator, "ensured");
                    p.put(indicator + "_checked", asOf.minusDays(rnd.nextInt(300)).toString());
                }
                incomes(p, classes[c], sizes[i]);
                long lifted = q.liftedYear() == null ? 2020 : q.liftedYear();
                p.put("lifted_year", index == liftedIndex ? lifted : Math.min(lifted, 2014 + rnd.nextInt(7)));
                p.put("cadre", cadre(q.villageCode(), index % cadres));
                out.add(new Household("hh-" + code, position(where), p));
                index++;
            }
        }
        return out;
    }

    /** The user name of a village's n-th assistance cadre in the demo county. */
    static String cadre(String villageCode, int n) {
        return "gb" + villageCode + String.format("%02d", n + 1);
    }

    /**
     * A month's visits to a village's households: {@code count} records, the households in turn from a
     * random one, each by its cadre on a day of the month (not after {@code asOf}), near the household;
     * the extra "must-meet" visits of festivals and hot or cold seasons so marked ({@code extraShare}).
     */
    List<Map<String, Object>> visits(List<Household> households, YearMonth month, long count, double extraShare,
            String extraKind, LocalDate asOf, List<Coordinate> positions) {
        List<Map<String, Object>> out = new ArrayList<>();
        if (households.isEmpty()) {
            return out;
        }
        int start = rnd.nextInt(households.size());
        int lastDay = month.equals(YearMonth.from(asOf)) ? asOf.getDayOfMonth() : month.lengthOfMonth();
        for (long k = 0; k < count; k++) {
            Household h = households.get((int) ((start + k) % households.size()));
            double r = rnd.nextDouble();
            String kind = r < extraShare ? extraKind : r < extraShare + 0.01 ? "emergency" : "monthly";
            List<String> notes = NOTES.get(kind);
            String at = String.format("%s-%02dT%02d:%02d:00+08:00", month, 1 + rnd.nextInt(lastDay),
                    8 + rnd.nextInt(10), rnd.nextInt(60));
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("household_code", h.code());
            v.put("village_code", h.properties().get("village_code"));
            v.put("cadre", h.cadre());
            v.put("at", at);
            v.put("kind", kind);
            v.put("note", notes.get(rnd.nextInt(notes.size())));
            v.put("reported", kind.equals("emergency") ? reported(h.code(), at) : null);
            v.put("photos", 0L);
            out.add(v);
            double angle = rnd.nextDouble() * 2 * Math.PI;
            double d = rnd.nextDouble() * 25;
            positions.add(new Coordinate(h.at().x + d * Math.cos(angle), h.at().y + d * Math.sin(angle)));
        }
        return out;
    }

    private static final List<String> EVENTS = List.of("medical_expense", "disaster", "job_loss");

    /**
     * The event an emergency visit reported (the relapse watch's rules read it): chosen from the household
     * and the time, not from the random stream, so adding it changed no other demo value.
     */
    static String reported(String householdCode, String at) {
        return EVENTS.get(Math.floorMod((householdCode + at).hashCode(), EVENTS.size()));
    }

    private static final List<String> MEASURES = List.of("发放产业扶持鸡苗", "联系务工岗位", "申请临时救助",
            "落实教育资助", "协调医疗报销", "安排公益性岗位", "帮助销售农产品", "落实危房改造补助");

    /** The assistance measures recorded over the year: about one for every eighth household, by its cadre. */
    List<Map<String, Object>> measures(List<Household> households, LocalDate asOf, List<Coordinate> positions) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Household h : households) {
            if (rnd.nextInt(8) != 0) {
                continue;
            }
            LocalDate day = asOf.minusDays(rnd.nextInt(365));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("household_code", h.code());
            m.put("village_code", h.properties().get("village_code"));
            m.put("cadre", h.cadre());
            m.put("at", String.format("%sT%02d:%02d:00+08:00", day, 8 + rnd.nextInt(10), rnd.nextInt(60)));
            m.put("kind", "measure");
            m.put("text", MEASURES.get(rnd.nextInt(MEASURES.size())));
            m.put("photos", 0L);
            out.add(m);
            positions.add(h.at());
        }
        return out;
    }

    private static long[] ones(int n) {
        long[] a = new long[n];
        java.util.Arrays.fill(a, 1);
        return a;
    }

    private double[] weights(int n, String kind) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            // safety-net households are small (old people alone or in pairs), the others vary more
            w[i] = kind.equals("safety_net") ? 0.2 + rnd.nextDouble() : 0.3 + 2 * rnd.nextDouble();
        }
        return w;
    }

    /** The village's extreme-poverty people spread over its safety-net households, never more than a household's size. */
    private long[] extreme(long total, long[] sizes) {
        long[] out = new long[sizes.length];
        long left = total;
        for (int round = 0; left > 0 && round < 64; round++) {
            for (int i = 0; i < sizes.length && left > 0; i++) {
                if (out[i] < sizes[i] && (round > 0 || rnd.nextDouble() < 0.5)) {
                    out[i]++;
                    left--;
                }
            }
        }
        if (left > 0) {
            throw new IllegalStateException("more extreme-poverty people than safety-net household members");
        }
        return out;
    }

    private String name() {
        return "" + SURNAMES.charAt(rnd.nextInt(SURNAMES.length())) + GIVEN.charAt(rnd.nextInt(GIVEN.length()))
                + GIVEN.charAt(rnd.nextInt(GIVEN.length()));
    }

    private String cause(String kind) {
        if (kind.equals("safety_net")) {
            return rnd.nextDouble() < 0.6 ? "illness" : rnd.nextDouble() < 0.7 ? "disability" : "lack_of_labour";
        }
        double r = rnd.nextDouble();
        for (int i = 0; i < CAUSES.size(); i++) {
            r -= CAUSE_WEIGHTS[i];
            if (r < 0) {
                return CAUSES.get(i);
            }
        }
        return CAUSES.get(CAUSES.size() - 1);
    }

    /** Yearly income by source (元) for 2019 and 2020: work for the watch and push classes, transfers for the safety net. */
    private void incomes(Map<String, Object> p, String kind, long size) {
        double perPerson = (kind.equals("safety_net") ? 7_000 : kind.equals("push") ? 9_500 : 11_500)
                * (0.75 + 0.5 * rnd.nextDouble());
        double[] share = kind.equals("safety_net") ? new double[] {0.15, 0.05, 0.78, 0.02}
                : kind.equals("push") ? new double[] {0.45, 0.30, 0.20, 0.05} : new double[] {0.65, 0.20, 0.12, 0.03};
        String[] sources = {"wage", "business", "transfer", "property"};
        for (int year = 2019; year <= 2020; year++) {
            double total = perPerson * size * (year == 2019 ? 0.9 + 0.05 * rnd.nextDouble() : 1.0);
            for (int s = 0; s < sources.length; s++) {
                p.put("income_" + sources[s] + "_" + year, (double) Math.round(total * share[s]));
            }
        }
    }

    /** A position in {@code where} (the village less a strip along its edge). */
    private Coordinate position(Geometry where) {
        var env = where.getEnvelopeInternal();
        for (int i = 0; i < 1_000; i++) {
            Coordinate c = new Coordinate(env.getMinX() + rnd.nextDouble() * env.getWidth(),
                    env.getMinY() + rnd.nextDouble() * env.getHeight());
            if (where.contains(GaussKruger.METRIC.createPoint(c))) {
                return c;
            }
        }
        return MaximumInscribedCircle.getCenter(where, 10).getCoordinate();
    }
}
