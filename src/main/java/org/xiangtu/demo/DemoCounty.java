package org.xiangtu.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.locationtech.jts.algorithm.InteriorPointArea;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.LineString;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.Polygon;
import org.locationtech.jts.linearref.LengthIndexedLine;
import org.locationtech.jts.operation.distance.DistanceOp;
import org.xiangtu.analysis.HouseholdFigures;
import org.xiangtu.catalog.Catalog;
import org.xiangtu.geo.GaussKruger;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.DataException;

/**
 * The demo county: Tongliang's real names and codes on synthetic geometry, with attributes drawn so
 * that the published 2020 figures come out of the data when it is summed, counted and measured.
 * Deterministic: a fixed seed, {@link StrictMath} and ordered collections, so two runs write
 * byte-identical files. Geometry is made in EPSG:4544 metres and written in lon/lat (EPSG:4490).
 */
public final class DemoCounty {
    /** The seed of everything random in the demo county. */
    public static final long SEED = 2020_10_31L;
    /** The data's as-of date. */
    public static final LocalDate AS_OF = LocalDate.of(2020, 10, 31);
    static final int VILLAGE_COUNT = 295;
    private static final String STAMP = AS_OF + "T00:00:00Z";
    private static final String[] CATEGORIES = {"vegetable", "fruit", "livestock", "flower_nursery"};
    private static final Map<String, String> CATEGORY_ZH = Map.of("vegetable", "优质蔬菜", "fruit", "精品水果",
            "livestock", "生态畜禽水产", "flower_nursery", "花卉苗木");

    private final Targets t = Targets.tongliang();
    private final SplittableRandom rnd = new SplittableRandom(SEED);
    private final GaussKruger gk = new GaussKruger();
    private final Geography geo;
    private final Map<String, List<DemoFeature>> layers = new LinkedHashMap<>();
    private final Map<String, Village> villageByCode = new LinkedHashMap<>();
    private GreenwayPlanner.Plan greenway;
    private final List<Base> bases = new ArrayList<>();
    private final List<Work> works = new ArrayList<>();
    private final List<DemoFeature> roadFeatures = new ArrayList<>();
    private final List<LineString> greenwaySegments = new ArrayList<>();
    private final Households householdMaker = new Households(SEED + 16);
    private final Map<String, List<Households.Household>> householdsByVillage = new LinkedHashMap<>();
    private List<Map<String, Object>> visitRecords = List.of();

    /** A feature as the generator makes it: metric geometry (may be null) and ordered properties. */
    record DemoFeature(String id, Geometry metric, Map<String, Object> properties) {
    }

    /** A village with its generated attributes (filled step by step). */
    private static final class Village {
        final Geography.Village v;
        final Map<String, Object> p = new LinkedHashMap<>();
        long households;
        long poorHouseholds;
        long poorPeople;
        boolean municipal;

        Village(Geography.Village v) {
            this.v = v;
        }
    }

    private record Base(String id, String category, Geography.Village village, Geometry area) {
    }

    private record Work(String id, String kind, Geography.Village village, Coordinate at) {
    }

    private DemoCounty() {
        this.geo = new Geography(SEED, t, VILLAGE_COUNT);
        for (Geography.Village v : geo.villages) {
            villageByCode.put(v.code(), new Village(v));
        }
    }

    /** Generates the whole county (a few seconds). */
    public static DemoCounty generate(Catalog catalog) {
        DemoCounty c = new DemoCounty();
        c.greenway = GreenwayPlanner.plan(c.geo, c.t);
        c.adminLayers();
        c.villageFigures();
        c.industryBases();
        c.greenwayLayers();
        c.water();
        c.roads();
        c.villageLayer();
        c.projects();
        c.assistanceTables();
        c.watchYear(catalog);
        for (var layer : catalog.layers()) {
            if (!c.layers.containsKey(layer.id())) {
                throw new DataException("the demo county has no data for catalogue layer '" + layer.id() + "'");
            }
        }
        return c;
    }

    /** Writes one GeoJSON file per catalogue layer into {@code dir}; returns the number of files. */
    public int write(Catalog catalog, Path dir) {
        try {
            return DemoWriter.write(catalog, layers, gk, dir);
        } catch (IOException e) {
            throw new DataException("cannot write the demo county to " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- administrative areas

    private void adminLayers() {
        add("district", new DemoFeature("district-500151", geo.district, props("code", "500151", "name", "铜梁区", "pinyin", "Tongliang")));
        for (Geography.Town town : geo.towns) {
            var d = town.def();
            add("towns", new DemoFeature("town-" + d.code(), town.area(), props("code", d.code(), "name", d.name(),
                    "pinyin", d.pinyin(), "kind", d.street() ? "street" : "town")));
        }
    }

    // ---------------------------------------------------------------- village figures

    private void villageFigures() {
        List<Village> vs = new ArrayList<>(villageByCode.values());
        int n = vs.size();
        // the five municipal poverty villages: 岩湾村 and the villages farthest from the seat in four other towns
        Coordinate seat = geo.towns.get(0).seat();
        List<Village> far = vs.stream().filter(v -> !v.v.community())
                .sorted(Comparator.comparingDouble((Village v) -> -v.v.seat().distance(seat))).toList();
        List<String> municipalTowns = new ArrayList<>();
        for (Village v : vs) {
            if (v.v.name().equals("岩湾村")) {
                v.municipal = true;
                municipalTowns.add(v.v.town().def().code());
            }
        }
        for (Village v : far) {
            if (municipalTowns.size() >= t.municipalPovertyVillages()) {
                break;
            }
            if (!municipalTowns.contains(v.v.town().def().code())) {
                v.municipal = true;
                municipalTowns.add(v.v.town().def().code());
            }
        }

        double[] popWeight = new double[n];
        double[] poorWeight = new double[n];
        for (int i = 0; i < n; i++) {
            Village v = vs.get(i);
            double size = v.v.area().getArea() / 1e6;
            popWeight[i] = (v.v.community() ? 3.2 : 1.0) * (0.7 + 0.6 * rnd.nextDouble()) * (0.6 + 0.4 * size / 4.5);
            poorWeight[i] = (v.v.community() ? 0.25 : 1.0) * (0.5 + rnd.nextDouble())
                    * (1 + v.v.seat().distance(seat) / 15_000) * (v.municipal ? 3.0 : 1.0);
        }
        long[] population = Allocate.byWeight(685_729, popWeight);
        long[] households = new long[n];
        for (int i = 0; i < n; i++) {
            households[i] = Math.round(population[i] / (2.7 + 0.4 * rnd.nextDouble()));
        }
        long[] poorHh = Allocate.byWeight(t.poorHouseholds(), poorWeight);
        long[] poorPeople = Allocate.withFloor(t.poorPeople(), poorHh, asDouble(poorHh));
        long[] safetyHh = Allocate.byWeight(t.safetyNetHouseholds(), asDouble(poorHh));
        long[] rest = minus(poorHh, safetyHh);
        long[] safetyPeople = Allocate.withFloor(t.safetyNetPeople(), safetyHh, asDouble(safetyHh));
        long[] restPeople = minus(poorPeople, safetyPeople);
        long[] watchHh = capped(Allocate.byWeight(t.watchHouseholds(), asDouble(rest)), rest);
        long[] pushHh = minus(rest, watchHh);
        long[] watchPeople = Allocate.withFloor(t.watchPeople(), watchHh, asDouble(watchHh));
        long[] pushPeople = minus(restPeople, watchPeople);
        long[] extreme = capped(Allocate.byWeight(t.extremePovertyPeople(), asDouble(safetyPeople)), safetyPeople);
        for (int i = 0; i < n; i++) {
            // people need a household: the split can leave people in a class without households of the village
            if (pushHh[i] == 0 && pushPeople[i] > 0 && watchHh[i] > 0) {
                watchPeople[i] += pushPeople[i];
                pushPeople[i] = 0;
            }
            if (watchHh[i] == 0 && watchPeople[i] > 0 && pushHh[i] > 0) {
                pushPeople[i] += watchPeople[i];
                watchPeople[i] = 0;
            }
        }
        for (int i = 0; i < n; i++) {
            if (pushPeople[i] < pushHh[i] || watchPeople[i] < watchHh[i] || rest[i] < 0 || restPeople[i] < 0
                    || (pushHh[i] == 0 && pushPeople[i] > 0) || (watchHh[i] == 0 && watchPeople[i] > 0)) {
                throw new IllegalStateException("inconsistent poverty classes in " + vs.get(i).v.name());
            }
        }

        // water: the municipal villages at the published rate, the others between 80 % and 100 %
        long municipalHh = 0;
        for (int i = 0; i < n; i++) {
            if (vs.get(i).municipal) {
                municipalHh += households[i];
            }
        }
        long municipalCentral = Math.round(municipalHh * t.municipalCentralizedRate());
        long[] central = new long[n];
        double[] municipalW = new double[n];
        for (int i = 0; i < n; i++) {
            municipalW[i] = vs.get(i).municipal ? households[i] : 0;
        }
        long[] municipalShare = Allocate.byWeight(municipalCentral, municipalW);
        for (int i = 0; i < n; i++) {
            central[i] = vs.get(i).municipal ? Math.min(households[i], municipalShare[i])
                    : Math.round(households[i] * (0.80 + 0.20 * rnd.nextDouble()));
        }
        long[] newHh = capped(Allocate.byWeight(t.newCentralizedHouseholds(), asDouble(poorHh)), central);
        long[] newPoor = capped(Allocate.byWeight(t.newCentralizedPoorPeople(), asDouble(poorPeople)), poorPeople);
        long[] meters = capped(Allocate.byWeight(t.meterHouseholds(), asDouble(central)), central);
        long[] houses = capped(Allocate.byWeight(t.housesRenovated(), asDouble(poorHh)), poorHh);
        double[] ones = new double[n];
        double[] villageOnly = new double[n];
        for (int i = 0; i < n; i++) {
            ones[i] = 0.5 + rnd.nextDouble();
            villageOnly[i] = vs.get(i).v.community() ? 0 : 1;
        }
        long[] orgs = Allocate.byWeight(t.newCollectiveOrgs(), ones);
        long[] students = Allocate.byWeight(t.studentsFunded(), asDouble(poorPeople));
        long[] aid = Allocate.byWeight(t.studentAidYuan(), asDouble(students));
        // "empty-shell" villages eliminated: that many villages (not communities), chosen at random
        List<Integer> shells = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (villageOnly[i] > 0) {
                shells.add(i);
            }
        }
        shuffle(shells);
        java.util.Set<Integer> eliminated = new java.util.HashSet<>(shells.subList(0, t.emptyShellsEliminated()));

        double[][] income = incomes(vs, population, seat);
        for (int i = 0; i < n; i++) {
            Village v = vs.get(i);
            v.households = households[i];
            v.poorHouseholds = poorHh[i];
            v.poorPeople = poorPeople[i];
            var p = v.p;
            p.put("code", v.v.code());
            p.put("name", v.v.name());
            p.put("pinyin", Pinyin.ofPlace(v.v.name()));
            p.put("town_code", v.v.town().def().code());
            p.put("kind", v.v.community() ? "community" : "village");
            p.put("households", households[i]);
            p.put("population", population[i]);
            Long liftedYear = poorHh[i] == 0 ? null : (long) (v.municipal ? 2017 + rnd.nextInt(3) : 2015 + rnd.nextInt(6));
            // the registered poor households as records; the village's counts are computed from them
            List<Households.Household> records = householdMaker.village(new Households.Quota(v.v.code(), v.v.area(),
                    watchHh[i], watchPeople[i], pushHh[i], pushPeople[i], safetyHh[i], safetyPeople[i], extreme[i],
                    liftedYear), AS_OF);
            householdsByVillage.put(v.v.code(), records);
            for (Households.Household h : records) {
                add("households", new DemoFeature(h.id(), GaussKruger.METRIC.createPoint(h.at()), h.properties()));
            }
            p.putAll(HouseholdFigures.villageFields(records.stream().map(Households.Household::properties).toList()));
            p.put("is_municipal_poverty_village", v.municipal);
            p.put("lifted_year", liftedYear);
            p.put("income_2017", income[0][i]);
            p.put("income_2018", income[1][i]);
            p.put("income_2019", income[2][i]);
            p.put("income_2020", income[3][i]);
            p.put("water_households_centralized", central[i]);
            p.put("road_access", true);
            p.put("water_new_households", newHh[i]);
            p.put("water_new_people", newPoor[i]);
            p.put("water_meter_households", meters[i]);
            p.put("houses_renovated", houses[i]);
            p.put("collective_orgs_new", orgs[i]);
            p.put("empty_shell_eliminated", villageOnly[i] > 0 ? eliminated.contains(i) : null);
            p.put("students_funded", students[i]);
            p.put("student_aid_yuan", (double) aid[i]);
        }
        checkTotal("new centralized households", newHh, t.newCentralizedHouseholds());
        checkTotal("new centralized poor people", newPoor, t.newCentralizedPoorPeople());
        checkTotal("meter households", meters, t.meterHouseholds());
        checkTotal("houses renovated", houses, t.housesRenovated());
        checkTotal("extreme poverty people", extreme, t.extremePovertyPeople());
        checkTotal("watch households", watchHh, t.watchHouseholds());
    }

    /** Yuan per person for 2017–2020: varied by place, shifted so the population-weighted mean is the target. */
    private double[][] incomes(List<Village> vs, long[] population, Coordinate seat) {
        int n = vs.size();
        double[] factor = new double[n];
        for (int i = 0; i < n; i++) {
            Village v = vs.get(i);
            factor[i] = (v.v.community() ? 1.12 : 1.0) * (1 - v.v.seat().distance(seat) / 120_000)
                    * (v.municipal ? 0.88 : 1.0) * (0.92 + 0.16 * rnd.nextDouble());
        }
        double[] targets = {t.income2017(), t.income2018(), t.income2019(), t.income2020()};
        double[][] out = new double[4][n];
        double pop = 0;
        for (long p : population) {
            pop += p;
        }
        for (int y = 0; y < 4; y++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                mean += targets[y] * factor[i] * population[i] / pop;
            }
            double shift = targets[y] - mean;
            for (int i = 0; i < n; i++) {
                out[y][i] = Math.round(targets[y] * factor[i] + shift);
            }
        }
        return out;
    }

    private void villageLayer() {
        for (Village v : villageByCode.values()) {
            add("villages", new DemoFeature("village-" + v.v.code(), v.v.area(), v.p));
        }
    }

    // ---------------------------------------------------------------- industry bases

    private void industryBases() {
        double perCategory = t.muPerCategory() * Measure.SQM_PER_MU;
        double[] left = {perCategory, perCategory, perCategory, perCategory};
        // bases along the greenway: one or two in each zone village, each reaching within 600 m of the route
        List<Geography.Village> zone = greenway.zone();
        int k = 0;
        for (int i = 0; i < t.greenwayBases(); i++) {
            Geography.Village v = zone.get(i % zone.size());
            String cat = CATEGORIES[k++ % 4];
            // the village's point nearest the route (or a point on the route inside it), for the second base further on
            Geometry inside = Ops.intersection(greenway.route(), v.area());
            Coordinate c = inside.isEmpty() || inside.getLength() < 200
                    ? DistanceOp.nearestPoints(v.area(), greenway.route())[0]
                    : new LengthIndexedLine(inside.getGeometryN(0)).extractPoint(
                            inside.getGeometryN(0).getLength() * (i < zone.size() ? 0.25 : 0.75));
            Geometry area = base(v, c, 0.5e6 + rnd.nextDouble() * 0.8e6, 0.35);
            if (area.isEmpty() || !area.isWithinDistance(greenway.route(), 950)) {
                throw new IllegalStateException("a greenway base in " + v.name() + " drifted from the route");
            }
            bases.add(new Base(baseId(), cat, v, area));
            left[index(cat)] -= area.getArea();
        }
        // the rest, one to a village outside the greenway zone, until each category has its published area
        List<Geography.Village> others = new ArrayList<>(geo.villages.stream()
                .filter(v -> !zone.contains(v) && !v.community()).toList());
        shuffle(others);
        int next = 0;
        for (int c = 0; c < 4; c++) {
            while (left[c] > 1_000) {
                Geography.Village v = others.get(next++);
                double want = Math.min(left[c], 1.2e6 + rnd.nextDouble() * 2.2e6);
                if (left[c] - want < 0.4e6) {
                    want = left[c];
                }
                Geometry area = base(v, new InteriorPointArea(v.area()).getInteriorPoint(), want, 0.55);
                bases.add(new Base(baseId(), CATEGORIES[c], v, area));
                left[c] -= area.getArea();
            }
        }
        // flagships: the largest fruit base grows seedlings; three flower bases and one livestock base are named
        Map<String, String> flagship = new HashMap<>();
        flagship.put(largest("fruit", 0).id(), "fruit_seedlings");
        flagship.put(largest("flower_nursery", 0).id(), "bougainvillea");
        flagship.put(largest("flower_nursery", 1).id(), "rose");
        flagship.put(largest("flower_nursery", 2).id(), "coloured_leaf_forest");
        flagship.put(largest("livestock", 0).id(), "ornamental_fish");
        Map<String, String> flagshipName = Map.of("fruit_seedlings", "西部果树苗木基地", "bougainvillea", "三角梅基地",
                "rose", "玫瑰基地", "coloured_leaf_forest", "彩叶林基地", "ornamental_fish", "观赏鱼养殖基地");
        for (Base b : bases) {
            String f = flagship.getOrDefault(b.id(), "none");
            String name = f.equals("none") ? b.village().name() + CATEGORY_ZH.get(b.category()) + "基地"
                    : b.village().town().def().name() + flagshipName.get(f);
            add("industry_bases", new DemoFeature(b.id(), b.area(), props("name", name, "category", b.category(),
                    "flagship", f, "operator", b.village().name() + "股份经济合作社",
                    "town_code", b.village().town().def().code())));
        }
    }

    private Base largest(String category, int rank) {
        return bases.stream().filter(b -> b.category().equals(category))
                .sorted(Comparator.comparingDouble((Base b) -> -b.area().getArea())).skip(rank).findFirst().orElseThrow();
    }

    private String baseId() {
        return String.format("base-%03d", bases.size() + 1);
    }

    private static int index(String category) {
        for (int i = 0; i < CATEGORIES.length; i++) {
            if (CATEGORIES[i].equals(category)) {
                return i;
            }
        }
        throw new IllegalArgumentException(category);
    }

    /**
     * A field-like blob around {@code c} inside the village, clear of other bases, whose area is as
     * close to {@code target} as the village allows (at most {@code share} of it), by bisection.
     */
    private Geometry base(Geography.Village v, Coordinate c, double target, double share) {
        Geometry room = v.area();
        for (Base b : bases) {
            if (b.village() == v) {
                room = Ops.difference(room, b.area().buffer(60));
            }
        }
        double want = Math.min(target, room.getArea() * share);
        double[] amp = new double[6];
        double[] phase = new double[6];
        for (int k = 2; k < 6; k++) {
            amp[k] = 0.25 / k * rnd.nextDouble();
            phase[k] = rnd.nextDouble() * 2 * StrictMath.PI;
        }
        double lo = 10;
        double hi = 6_000;
        Geometry best = null;
        for (int it = 0; it < 50; it++) {
            double r = (lo + hi) / 2;
            Coordinate[] ring = new Coordinate[41];
            for (int i = 0; i < 40; i++) {
                double a = 2 * StrictMath.PI * i / 40;
                double rr = r;
                for (int k = 2; k < 6; k++) {
                    rr += r * amp[k] * StrictMath.cos(k * a + phase[k]);
                }
                ring[i] = new Coordinate(c.x + rr * StrictMath.cos(a), c.y + rr * StrictMath.sin(a));
            }
            ring[40] = ring[0].copy();
            Geometry g = Ops.intersection(room, GaussKruger.METRIC.createPolygon(ring));
            g = largestPolygon(g);
            if (g.getArea() < want) {
                lo = r;
            } else {
                hi = r;
                best = g;
            }
            if (best != null && Math.abs(best.getArea() - want) < want * 1e-5) {
                break;
            }
        }
        if (best == null || best.isEmpty()) {
            throw new IllegalStateException("no room for a base in " + v.name());
        }
        return GaussKruger.METRIC.createMultiPolygon(new Polygon[] {(Polygon) best});
    }

    private static Geometry largestPolygon(Geometry g) {
        Geometry best = GaussKruger.METRIC.createPolygon();
        for (int i = 0; i < g.getNumGeometries(); i++) {
            if (g.getGeometryN(i) instanceof Polygon p && p.getArea() > best.getArea()) {
                best = p;
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- greenway

    private void greenwayLayers() {
        LineString route = greenway.route();
        LengthIndexedLine idx = new LengthIndexedLine(route);
        double len = route.getLength();
        String[] numbers = {"一", "二", "三", "四", "五", "六"};
        for (int i = 0; i < 6; i++) {
            LineString seg = (LineString) idx.extractLine(len * i / 6, len * (i + 1) / 6);
            greenwaySegments.add(seg);
            add("greenways", new DemoFeature(String.format("greenway-%02d", i + 1), multi(seg), props(
                    "name", "铜梁西郊绿道", "segment", "第" + numbers[i] + "段",
                    "opened", LocalDate.of(2018, 5, 1).plusMonths(i * 5L).toString())));
        }
        for (int i = 0; i < t.livingRooms(); i++) {
            double at = len * (i + 0.5) / t.livingRooms();
            Coordinate on = idx.extractPoint(at);
            Coordinate ahead = idx.extractPoint(Math.min(len, at + 5));
            double dx = ahead.x - on.x;
            double dy = ahead.y - on.y;
            double d = Math.max(1e-9, StrictMath.hypot(dx, dy));
            Coordinate c = new Coordinate(on.x - dy / d * 35, on.y + dx / d * 35);
            Geography.Village v = villageAt(c);
            add("greenway_stations", new DemoFeature(String.format("station-%02d", i + 1),
                    GaussKruger.METRIC.createPoint(c), props("name", v.name() + "美丽乡村会客厅",
                            "town_code", v.town().def().code())));
        }
    }

    private Geography.Village villageAt(Coordinate c) {
        Point p = GaussKruger.METRIC.createPoint(c);
        return geo.villages.stream().filter(v -> v.area().covers(p)).findFirst()
                .orElseGet(() -> geo.villages.stream().min(Comparator.comparingDouble(v -> v.area().distance(p)))
                        .orElseThrow());
    }

    // ---------------------------------------------------------------- water

    private void water() {
        List<Geography.Village> vs = geo.villages;
        // 76 centralized works: one at every town seat, the rest in the most populous villages
        for (Geography.Town town : geo.towns) {
            Geography.Village v = villageAt(town.seat());
            works.add(new Work(workId(), "centralized", v, nudge(v, town.seat())));
        }
        List<Village> byPeople = new ArrayList<>(villageByCode.values());
        byPeople.sort(Comparator.comparingLong((Village v) -> -(Long) v.p.get("population")));
        for (Village v : byPeople) {
            if (works.size() >= t.centralizedWorks()) {
                break;
            }
            if (works.stream().noneMatch(w -> w.village() == v.v)) {
                works.add(new Work(workId(), "centralized", v.v, nudge(v.v, v.v.seat())));
            }
        }
        List<Geography.Village> shuffled = new ArrayList<>(vs.stream().filter(v -> !v.community()).toList());
        shuffle(shuffled);
        for (int i = 0; i < t.smallWorks(); i++) {
            Geography.Village v = shuffled.get(i % shuffled.size());
            works.add(new Work(workId(), "small", v, randomIn(v.area())));
        }
        Coordinate seat = geo.towns.get(0).seat();
        List<Geography.Village> remote = vs.stream().filter(v -> !v.community())
                .sorted(Comparator.comparingDouble(v -> -v.seat().distance(seat))).toList();
        for (int i = 0; i < t.sharedPools(); i++) {
            Geography.Village v = remote.get(i * 3);
            works.add(new Work(workId(), "shared_pool", v, randomIn(v.area())));
        }
        for (Work w : works) {
            long people = switch (w.kind()) {
                case "centralized" -> 1_500 + rnd.nextInt(18_000);
                case "small" -> 20 + rnd.nextInt(981);
                default -> 5 + rnd.nextInt(16);
            };
            String suffix = switch (w.kind()) {
                case "centralized" -> "集中供水工程";
                case "small" -> "供水站";
                default -> "人饮池";
            };
            add("water_works", new DemoFeature(w.id(), GaussKruger.METRIC.createPoint(w.at()), props(
                    "name", w.village().name() + suffix, "kind", w.kind(),
                    "capacity_m3_day", Math.round(people * (0.10 + 0.05 * rnd.nextDouble()) * 10) / 10.0,
                    "people_served", people, "quality_pass", true, "town_code", w.village().town().def().code())));
        }
        townMains();
        ruralPipes();
    }

    private void townMains() {
        Map<Geography.Town, List<LineString>> perTown = new LinkedHashMap<>();
        for (Geography.Town town : geo.towns) {
            List<Coordinate> nodes = new ArrayList<>(List.of(town.seat()));
            works.stream().filter(w -> w.kind().equals("centralized") && w.village().town() == town)
                    .forEach(w -> nodes.add(w.at()));
            // and towards the neighbouring seats, for towns with a single works
            geo.towns.stream().filter(o -> o != town).sorted(Comparator.comparingDouble(o -> o.seat().distance(town.seat())))
                    .limit(2).forEach(o -> nodes.add(midpoint(town.seat(), o.seat())));
            List<LineString> lines = new ArrayList<>();
            for (int[] e : Lines.spanningTree(nodes, 0)) {
                if (nodes.get(e[0]).distance(nodes.get(e[1])) >= 20) {
                    lines.add(Lines.line(Lines.wiggle(nodes.get(e[0]), nodes.get(e[1]), 0.07, 120, SEED)));
                }
            }
            perTown.put(town, lines);
        }
        List<LineString> fitted = Lines.fitLength(roundRobin(new ArrayList<>(perTown.values())), t.townMainMetres(),
                "town mains");
        List<Geography.Town> owners = owners(perTown, fitted.size());
        Map<Geography.Town, List<LineString>> taken = new LinkedHashMap<>();
        for (int k = 0; k < fitted.size(); k++) {
            taken.computeIfAbsent(owners.get(k), x -> new ArrayList<>()).add(fitted.get(k));
        }
        for (Map.Entry<Geography.Town, List<LineString>> e : taken.entrySet()) {
            add("water_pipes", new DemoFeature("main-" + e.getKey().def().code(), multi(e.getValue()), props(
                    "kind", "town_main", "diameter_mm", (long) (200 + 50 * rnd.nextInt(5)), "material", "球墨铸铁管",
                    "built_year", (long) (2019 + rnd.nextInt(2)))));
        }
    }

    private void ruralPipes() {
        Map<Geography.Village, List<LineString>> perVillage = new LinkedHashMap<>();
        for (Geography.Village v : geo.villages) {
            List<Coordinate> nodes = new ArrayList<>();
            nodes.add(works.stream().filter(w -> w.village() == v).map(Work::at).findFirst().orElse(v.seat()));
            for (int k = 0; k < 22; k++) {
                nodes.add(randomIn(v.area()));
            }
            List<LineString> lines = new ArrayList<>();
            for (int[] e : Lines.spanningTree(nodes, 0)) {
                if (nodes.get(e[0]).distance(nodes.get(e[1])) >= 20) {
                    lines.add(Lines.line(Lines.wiggle(nodes.get(e[0]), nodes.get(e[1]), 0.09, 70, SEED + 1)));
                }
            }
            perVillage.put(v, lines);
        }
        List<LineString> fitted = Lines.fitLength(roundRobin(new ArrayList<>(perVillage.values())),
                t.ruralPipeMetres(), "rural pipes");
        List<Geography.Village> owners = owners(perVillage, fitted.size());
        Map<Geography.Village, List<LineString>> taken = new LinkedHashMap<>();
        for (int k = 0; k < fitted.size(); k++) {
            taken.computeIfAbsent(owners.get(k), x -> new ArrayList<>()).add(fitted.get(k));
        }
        for (Map.Entry<Geography.Village, List<LineString>> e : taken.entrySet()) {
            add("water_pipes", new DemoFeature("pipe-" + e.getKey().code(), multi(e.getValue()), props(
                    "kind", "rural_supply", "diameter_mm", (long) new long[] {50, 63, 75, 90, 110}[rnd.nextInt(5)],
                    "material", "PE管", "built_year", (long) (2018 + rnd.nextInt(3)))));
        }
    }

    // ---------------------------------------------------------------- roads

    private void roads() {
        List<LineString> hardened = new ArrayList<>();
        List<Geography.Village> municipal = villageByCode.values().stream().filter(v -> v.municipal).map(v -> v.v).toList();
        Map<Geography.Village, List<LineString>> inMunicipal = new LinkedHashMap<>();
        for (Geography.Village v : municipal) {
            List<Coordinate> nodes = new ArrayList<>(List.of(v.seat()));
            for (int k = 0; k < 14; k++) {
                nodes.add(randomIn(v.area().buffer(-60)));
            }
            List<LineString> ls = new ArrayList<>();
            for (int[] e : Lines.spanningTree(nodes, 0)) {
                Geometry inside = Ops.intersection(Lines.line(Lines.wiggle(nodes.get(e[0]), nodes.get(e[1]), 0.06,
                        60, SEED + 2)), v.area().buffer(-5));
                for (int g = 0; g < inside.getNumGeometries(); g++) {
                    if (inside.getGeometryN(g) instanceof LineString l && l.getLength() > 20) {
                        ls.add(l);
                    }
                }
            }
            inMunicipal.put(v, ls);
        }
        List<LineString> fittedHard = Lines.fitLength(roundRobin(new ArrayList<>(inMunicipal.values())),
                t.hardenedInMunicipalMetres(), "hardened roads");
        List<Geography.Village> hardOwners = owners(inMunicipal, fittedHard.size());
        for (int k = 0; k < fittedHard.size(); k++) {
            Geography.Village v = hardOwners.get(k);
            addRoad(fittedHard.get(k), v.name() + "组道（泥结石路硬化）", "village", "hardened", 2008L,
                    (long) (2019 + rnd.nextInt(2)));
        }
        hardened.addAll(fittedHard);

        List<LineString> candidates = new ArrayList<>();
        List<String[]> meta = new ArrayList<>();
        // county roads between town seats
        List<Coordinate> seats = geo.towns.stream().map(Geography.Town::seat).toList();
        List<int[]> tree = Lines.spanningTree(seats, 0);
        for (int[] e : tree) {
            candidates.add(Lines.line(Lines.wiggle(seats.get(e[0]), seats.get(e[1]), 0.06, 150, SEED + 3)));
            meta.add(new String[] {geo.towns.get(e[0]).def().name() + "—" + geo.towns.get(e[1]).def().name() + "县道",
                "county"});
        }
        // township roads from each town seat out to its villages
        for (Geography.Town town : geo.towns) {
            List<Geography.Village> tv = geo.villages.stream().filter(v -> v.town() == town).toList();
            List<Coordinate> nodes = new ArrayList<>(List.of(town.seat()));
            tv.forEach(v -> nodes.add(v.seat()));
            for (int[] e : Lines.spanningTree(nodes, 0)) {
                if (nodes.get(e[0]).distance(nodes.get(e[1])) < 50) {
                    continue; // the town seat's own village
                }
                candidates.add(Lines.line(Lines.wiggle(nodes.get(e[0]), nodes.get(e[1]), 0.08, 90, SEED + 4)));
                meta.add(new String[] {town.def().name() + tv.get(e[1] - 1).name() + "通村公路", "township"});
            }
        }
        // village roads, a few in each village (not the municipal ones: theirs are above), round robin
        Map<Geography.Village, List<LineString>> villageRoads = new LinkedHashMap<>();
        for (Geography.Village v : geo.villages) {
            if (municipal.contains(v)) {
                continue;
            }
            List<Coordinate> nodes = new ArrayList<>(List.of(v.seat()));
            for (int k = 0; k < 9; k++) {
                nodes.add(randomIn(v.area()));
            }
            List<LineString> ls = new ArrayList<>();
            for (int[] e : Lines.spanningTree(nodes, 0)) {
                if (nodes.get(e[0]).distance(nodes.get(e[1])) >= 20) {
                    ls.add(Lines.line(Lines.wiggle(nodes.get(e[0]), nodes.get(e[1]), 0.1, 60, SEED + 5)));
                }
            }
            villageRoads.put(v, ls);
        }
        List<LineString> vr = roundRobin(new ArrayList<>(villageRoads.values()));
        List<Geography.Village> vrOwners = owners(villageRoads, vr.size());
        for (int k = 0; k < vr.size(); k++) {
            candidates.add(vr.get(k));
            meta.add(new String[] {vrOwners.get(k).name() + "组道", "village"});
        }
        List<LineString> fitted = Lines.fitLength(candidates, t.ruralRoadMetres() - Lines.length(hardened), "roads");
        for (int k = 0; k < fitted.size(); k++) {
            String grade = meta.get(k)[1];
            boolean gravel = grade.equals("village") && rnd.nextDouble() < 0.12;
            long built = switch (grade) {
                case "county" -> 1995 + rnd.nextInt(15);
                case "township" -> 2005 + rnd.nextInt(12);
                default -> 2010 + rnd.nextInt(11);
            };
            addRoad(fitted.get(k), meta.get(k)[0], grade, gravel ? "gravel" : "hardened", built, null);
        }
    }

    private void addRoad(LineString line, String name, String grade, String surface, long built, Long hardenedYear) {
        DemoFeature f = new DemoFeature(String.format("road-%04d", roadFeatures.size() + 1), multi(line), props(
                "name", name, "grade", grade, "surface", surface, "built_year", built, "hardened_year", hardenedYear));
        roadFeatures.add(f);
        add("roads", f);
    }

    // ---------------------------------------------------------------- projects and their history

    private void projects() {
        String[] kinds = {"industry", "water", "housing", "road", "greenway", "education", "health"};
        int[] counts = {t.industryProjects(), 40, 30, 40, 6, 16, 16};
        Map<String, String> kindZh = Map.of("industry", "产业扶贫", "water", "农村饮水安全", "housing", "危房改造",
                "road", "农村公路", "greenway", "绿道", "education", "教育扶贫", "health", "卫生室提升");
        List<Village> vs = new ArrayList<>(villageByCode.values());
        int no = 0;
        for (int k = 0; k < kinds.length; k++) {
            for (int i = 0; i < counts[k]; i++) {
                no++;
                String kind = kinds[k];
                Geometry geom;
                Geography.Village v;
                switch (kind) {
                    case "industry" -> {
                        Base b = bases.get(i % bases.size());
                        v = b.village();
                        geom = GaussKruger.METRIC.createPoint(new InteriorPointArea(b.area()).getInteriorPoint());
                    }
                    case "water" -> {
                        Work w = works.get((i * 7) % works.size());
                        v = w.village();
                        geom = GaussKruger.METRIC.createPoint(w.at());
                    }
                    case "road" -> {
                        DemoFeature r = roadFeatures.get((i * 37) % roadFeatures.size());
                        geom = r.metric();
                        v = villageAt(geom.getInteriorPoint().getCoordinate());
                    }
                    case "greenway" -> {
                        geom = multi(greenwaySegments.get(i % greenwaySegments.size()));
                        v = villageAt(geom.getCoordinates()[0]);
                    }
                    default -> {
                        v = vs.get((i * 13 + k) % vs.size()).v;
                        geom = GaussKruger.METRIC.createPoint(nudge(v, v.seat()));
                    }
                }
                project(String.format("project-%03d", no), v.name() + kindZh.get(kind) + "项目", kind, v, geom);
            }
        }
    }

    private void project(String id, String name, String kind, Geography.Village v, Geometry geom) {
        double budget = switch (kind) {
            case "industry" -> 200_000 + rnd.nextInt(2_800) * 1_000.0;
            case "water" -> 300_000 + rnd.nextInt(7_700) * 1_000.0;
            case "road" -> 500_000 + rnd.nextInt(11_500) * 1_000.0;
            case "greenway" -> 2_000_000 + rnd.nextInt(18_000) * 1_000.0;
            default -> 150_000 + rnd.nextInt(2_850) * 1_000.0;
        };
        LocalDate start = LocalDate.of(2018, 3, 1).plusDays(rnd.nextInt(365 * 3));
        LocalDate due = start.plusMonths(4 + rnd.nextInt(20));
        double pace = 0.75 + 0.5 * rnd.nextDouble(); // < 1 runs late
        boolean suspended = rnd.nextDouble() < 0.03;
        List<DemoFeature> history = new ArrayList<>();
        double progress = 0;
        String status = "planned";
        String office = v.town().def().name() + "项目办";
        for (YearMonth m = YearMonth.from(start); !m.atDay(1).isAfter(AS_OF); m = m.plusMonths(1)) {
            LocalDate at = m.atEndOfMonth().isAfter(AS_OF) ? AS_OF : m.atEndOfMonth();
            double planned = (double) (at.toEpochDay() - start.toEpochDay())
                    / Math.max(1, due.toEpochDay() - start.toEpochDay());
            double p = Math.min(100, Math.round(100 * smooth(planned * pace) * 10) / 10.0);
            if (suspended && m.isAfter(YearMonth.from(start).plusMonths(3))) {
                status = "suspended";
            } else {
                progress = Math.max(progress, p);
                status = progress >= 100 ? "done" : "under_way";
            }
            history.add(new DemoFeature("update-" + id + "-" + m, null, props("project_id", id, "at", at.toString(),
                    "progress_pct", progress, "status", status, "note", note(status, progress), "by", office)));
            if (status.equals("done")) {
                break;
            }
        }
        double spent = Math.round(budget * progress / 100 * (0.85 + 0.17 * rnd.nextDouble()));
        String updated = history.isEmpty() ? STAMP : history.get(history.size() - 1).properties().get("at") + "T00:00:00Z";
        Map<String, Object> p = props("name", name, "kind", kind, "town_code", v.town().def().code(),
                "village_code", v.code(), "budget_yuan", budget, "spent_yuan", Math.min(budget, spent),
                "start", start.toString(), "due", due.toString(), "status", status, "progress_pct", progress);
        p.put("updated_at", updated);
        add("projects", new DemoFeature(id, geom, p));
        for (DemoFeature h : history) {
            h.properties().put("updated_at", h.properties().get("at") + "T00:00:00Z");
            add("project_updates", h);
        }
    }

    private static double smooth(double x) {
        double c = Math.max(0, Math.min(1, x));
        return c * c * (3 - 2 * c);
    }

    private static String note(String status, double progress) {
        return switch (status) {
            case "done" -> "完工验收";
            case "suspended" -> "暂停：待资金到位";
            default -> progress == 0 ? "开工准备" : "按月填报进度";
        };
    }

    // ---------------------------------------------------------------- the "2" of the 321 mechanism

    private void assistanceTables() {
        List<YearMonth> months = new ArrayList<>();
        for (YearMonth m = YearMonth.from(AS_OF).minusMonths(11); !m.isAfter(YearMonth.from(AS_OF)); m = m.plusMonths(1)) {
            months.add(m);
        }
        List<Village> vs = new ArrayList<>(villageByCode.values());
        double[] w = new double[vs.size() * months.size()];
        for (int i = 0; i < vs.size(); i++) {
            for (int m = 0; m < months.size(); m++) {
                int month = months.get(m).getMonthValue();
                // festivals (Jan, Feb), heat (Jul, Aug) and cold (Dec) bring the extra "must-meet" visits
                double season = month == 1 || month == 2 ? 1.35 : month == 7 || month == 8 || month == 12 ? 1.15 : 1.0;
                // visits go to registered poor households: a village without any has none
                w[i * months.size() + m] = vs.get(i).poorHouseholds * season * (0.9 + 0.2 * rnd.nextDouble());
            }
        }
        long[] visits = Allocate.byWeight(t.homeVisitsLastYear(), w);
        // the visits as records (each by the household's cadre); the monthly table is computed from them
        List<Map<String, Object>> records = new ArrayList<>();
        List<Coordinate> positions = new ArrayList<>();
        for (int i = 0; i < vs.size(); i++) {
            for (int m = 0; m < months.size(); m++) {
                int month = months.get(m).getMonthValue();
                double extra = month == 1 || month == 2 ? 1 - 1 / 1.35 : month == 7 || month == 8 || month == 12 ? 1 - 1 / 1.15 : 0;
                String extraKind = month <= 2 ? "festival" : "season";
                records.addAll(householdMaker.visits(householdsByVillage.getOrDefault(vs.get(i).v.code(), List.of()),
                        months.get(m), visits[i * months.size() + m], extra, extraKind, AS_OF, positions));
            }
        }
        for (int k = 0; k < records.size(); k++) {
            add("visits", new DemoFeature(String.format("visit-%06d", k + 1), GaussKruger.METRIC.createPoint(positions.get(k)),
                    records.get(k)));
        }
        List<Coordinate> logPositions = new ArrayList<>();
        List<Map<String, Object>> logs = new ArrayList<>();
        householdsByVillage.values().forEach(hs -> logs.addAll(householdMaker.measures(hs, AS_OF, logPositions)));
        for (int k = 0; k < logs.size(); k++) {
            add("work_logs", new DemoFeature(String.format("log-%05d", k + 1),
                    GaussKruger.METRIC.createPoint(logPositions.get(k)), logs.get(k)));
        }
        visitRecords = records;
        Map<String, Map<String, Long>> monthly = HouseholdFigures.visitsByVillageMonth(records);
        for (Village v : vs) {
            for (YearMonth m : months) {
                String month = m.atDay(1).toString();
                add("home_visits", new DemoFeature("visit-" + v.v.code() + "-" + m, null, props(
                        "village_code", v.v.code(), "month", month,
                        "visits", monthly.getOrDefault(v.v.code(), Map.of()).getOrDefault(month, 0L))));
            }
        }
        int cells = geo.towns.size() * months.size();
        double[] mw = new double[cells];
        for (int i = 0; i < cells; i++) {
            mw[i] = 0.6 + rnd.nextDouble();
        }
        // one meeting a month per town, a few months missed: choose which by weight
        long[] meetings = new long[cells];
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < cells; i++) {
            order.add(i);
        }
        shuffle(order);
        for (int i = 0; i < Math.min(cells, t.reviewMeetings()); i++) {
            meetings[order.get(i)] = 1;
        }
        long[] solved = Allocate.byWeight(t.problemsSolved(), asDouble(meetings));
        long[] raised = Allocate.withFloor(t.problemsRaised(), solved, asDouble(meetings));
        for (int ti = 0; ti < geo.towns.size(); ti++) {
            for (int m = 0; m < months.size(); m++) {
                int i = ti * months.size() + m;
                String code = geo.towns.get(ti).def().code();
                add("review_meetings", new DemoFeature("review-" + code + "-" + months.get(m), null, props(
                        "town_code", code, "month", months.get(m).atDay(1).toString(), "meetings", meetings[i],
                        "problems_raised", raised[i], "problems_solved", solved[i])));
            }
        }
    }

    /** A year of the relapse watch (alerts, verifications, monitoring) from the catalogue's rules: {@link WatchYear}. */
    private void watchYear(Catalog catalog) {
        if (catalog.watch() == null) {
            return;
        }
        List<Households.Household> all = new ArrayList<>();
        householdsByVillage.values().forEach(all::addAll);
        new WatchYear(org.xiangtu.analysis.RelapseRules.of(catalog), catalog.watch(), SEED + 17, AS_OF, this::add)
                .run(all, visitRecords);
        layers.putIfAbsent("watch_alerts", new ArrayList<>());
        layers.putIfAbsent("watch_monitoring", new ArrayList<>());
    }

    // ---------------------------------------------------------------- helpers

    private void add(String layer, DemoFeature f) {
        f.properties().putIfAbsent("updated_at", STAMP);
        layers.computeIfAbsent(layer, k -> new ArrayList<>()).add(f);
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            Object v = kv[i + 1];
            m.put((String) kv[i], v instanceof Integer n ? (Object) n.longValue() : v);
        }
        return m;
    }

    private static Geometry multi(LineString l) {
        return GaussKruger.METRIC.createMultiLineString(new LineString[] {l});
    }

    private static Geometry multi(List<LineString> ls) {
        return GaussKruger.METRIC.createMultiLineString(ls.toArray(new LineString[0]));
    }

    private String workId() {
        return String.format("works-%03d", works.size() + 1);
    }

    private Coordinate randomIn(Geometry area) {
        var env = area.getEnvelopeInternal();
        for (int i = 0; i < 1_000; i++) {
            Coordinate c = new Coordinate(env.getMinX() + rnd.nextDouble() * env.getWidth(),
                    env.getMinY() + rnd.nextDouble() * env.getHeight());
            if (area.contains(GaussKruger.METRIC.createPoint(c))) {
                return c;
            }
        }
        return new InteriorPointArea(area).getInteriorPoint();
    }

    /** A point a little off {@code c} (so markers do not stack), kept inside the village. */
    private Coordinate nudge(Geography.Village v, Coordinate c) {
        for (int i = 0; i < 20; i++) {
            Coordinate n = new Coordinate(c.x + (rnd.nextDouble() - 0.5) * 400, c.y + (rnd.nextDouble() - 0.5) * 400);
            if (v.area().contains(GaussKruger.METRIC.createPoint(n))) {
                return n;
            }
        }
        return new InteriorPointArea(v.area()).getInteriorPoint();
    }

    private static Coordinate midpoint(Coordinate a, Coordinate b) {
        return new Coordinate((a.x + b.x) / 2, (a.y + b.y) / 2);
    }

    /** First lines of every list, then second lines, and so on. */
    private static <T> List<T> roundRobin(List<List<T>> lists) {
        List<T> out = new ArrayList<>();
        for (int round = 0; ; round++) {
            boolean any = false;
            for (List<T> l : lists) {
                if (round < l.size()) {
                    out.add(l.get(round));
                    any = true;
                }
            }
            if (!any) {
                return out;
            }
        }
    }

    /** Who owns each of the first {@code n} items of {@link #roundRobin} over the map's lists. */
    private static <K, T> List<K> owners(Map<K, List<T>> byOwner, int n) {
        List<K> out = new ArrayList<>();
        for (int round = 0; out.size() < n; round++) {
            for (Map.Entry<K, List<T>> e : byOwner.entrySet()) {
                if (round < e.getValue().size() && out.size() < n) {
                    out.add(e.getKey());
                }
            }
        }
        return out;
    }

    private <T> void shuffle(List<T> list) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            T tmp = list.get(i);
            list.set(i, list.get(j));
            list.set(j, tmp);
        }
    }

    private static double[] asDouble(long[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }

    private static long[] minus(long[] a, long[] b) {
        long[] d = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i] - b[i];
        }
        return d;
    }

    /** Each part at most its cap; what is cut off goes to parts that still have room, in order. */
    private static long[] capped(long[] parts, long[] cap) {
        long[] out = parts.clone();
        long spill = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] > cap[i]) {
                spill += out[i] - cap[i];
                out[i] = cap[i];
            }
        }
        for (int i = 0; i < out.length && spill > 0; i++) {
            long room = Math.min(cap[i] - out[i], spill);
            out[i] += room;
            spill -= room;
        }
        if (spill > 0) {
            throw new IllegalStateException("no room for " + spill + " more");
        }
        return out;
    }

    private static void checkTotal(String what, long[] parts, long expected) {
        if (Allocate.sum(parts) != expected) {
            throw new IllegalStateException(what + ": " + Allocate.sum(parts) + " instead of " + expected);
        }
    }

    /** For tests of the generator: the layers as generated (metric geometry). */
    Map<String, List<DemoFeature>> layers() {
        return layers;
    }
}
