package org.xiangtu.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.locationtech.jts.geom.Coordinate;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.geom.Point;
import org.locationtech.jts.geom.prep.PreparedGeometry;
import org.locationtech.jts.geom.prep.PreparedGeometryFactory;
import org.xiangtu.geo.GaussKruger;

/**
 * The synthetic shape of the district, its 28 towns and streets and their villages, in EPSG:4544
 * metres: an irregular outline of the published area inside the real extent, towns around seeds
 * (the five streets small and around the district seat), villages around seeds in each town.
 */
final class Geography {
    /** One town or street (facts.md: official codes and names). */
    record TownDef(String code, String name, String pinyin, boolean street) {
    }

    record Town(TownDef def, Coordinate seat, Geometry area) {
    }

    record Village(String code, String name, Town town, boolean community, Coordinate seat, Geometry area) {
    }

    static final List<TownDef> TOWNS = List.of(
            new TownDef("500151003000", "巴川街道", "Bachuan", true),
            new TownDef("500151001000", "东城街道", "Dongcheng", true),
            new TownDef("500151002000", "南城街道", "Nancheng", true),
            new TownDef("500151004000", "蒲吕街道", "Pulü", true),
            new TownDef("500151005000", "旧县街道", "Jiuxian", true),
            new TownDef("500151104000", "安居镇", "Anju", false),
            new TownDef("500151100000", "土桥镇", "Tuqiao", false),
            new TownDef("500151102000", "二坪镇", "Erping", false),
            new TownDef("500151103000", "水口镇", "Shuikou", false),
            new TownDef("500151105000", "白羊镇", "Baiyang", false),
            new TownDef("500151106000", "平滩镇", "Pingtan", false),
            new TownDef("500151107000", "虎峰镇", "Hufeng", false),
            new TownDef("500151108000", "石鱼镇", "Shiyu", false),
            new TownDef("500151109000", "福果镇", "Fuguo", false),
            new TownDef("500151110000", "少云镇", "Shaoyun", false),
            new TownDef("500151111000", "维新镇", "Weixin", false),
            new TownDef("500151112000", "高楼镇", "Gaolou", false),
            new TownDef("500151113000", "大庙镇", "Damiao", false),
            new TownDef("500151114000", "围龙镇", "Weilong", false),
            new TownDef("500151115000", "华兴镇", "Huaxing", false),
            new TownDef("500151117000", "永嘉镇", "Yongjia", false),
            new TownDef("500151118000", "安溪镇", "Anxi", false),
            new TownDef("500151119000", "西河镇", "Xihe", false),
            new TownDef("500151120000", "侣俸镇", "Lüfeng", false),
            new TownDef("500151121000", "太平镇", "Taiping", false),
            new TownDef("500151122000", "小林镇", "Xiaolin", false),
            new TownDef("500151123000", "双山镇", "Shuangshan", false),
            new TownDef("500151124000", "庆隆镇", "Qinglong", false));

    /** Real village names the article mentions, placed in their real towns. */
    static final List<String[]> NAMED_VILLAGES = List.of(
            new String[] {"500151123000", "岩湾村"},
            new String[] {"500151103000", "树荫村"});

    /** The district's real extent (facts.md) and seat. */
    static final Envelope EXTENT_LONLAT = new Envelope(105.78, 106.28, 29.52, 30.09);
    static final Coordinate SEAT_LONLAT = new Coordinate(106.05, 29.84);

    final Geometry district;
    final List<Town> towns = new ArrayList<>();
    final List<Village> villages = new ArrayList<>();
    private final GaussKruger gk = new GaussKruger();

    Geography(long seed, Targets targets, int villageCount) {
        SplittableRandom rnd = new SplittableRandom(seed);
        Coordinate seat = metric(SEAT_LONLAT);
        this.district = outline(rnd, seat, targets.districtAreaSqm());
        placeTowns(rnd, seat);
        placeVillages(rnd, villageCount, seed);
    }

    Coordinate metric(Coordinate lonLat) {
        return gk.toMetric(GaussKruger.METRIC.createPoint(lonLat).copy()).getCoordinate();
    }

    private Geometry outline(SplittableRandom rnd, Coordinate seat, double area) {
        Envelope extent = metricEnvelope(EXTENT_LONLAT);
        Coordinate centre = new Coordinate(seat.x - 2_500, seat.y - 3_000);
        int harmonics = 9;
        double[] amp = new double[harmonics + 1];
        double[] phase = new double[harmonics + 1];
        for (int k = 2; k <= harmonics; k++) {
            amp[k] = 0.16 / StrictMath.pow(k, 1.1) * (0.5 + rnd.nextDouble());
            phase[k] = rnd.nextDouble() * 2 * StrictMath.PI;
        }
        for (double damp = 1.0; damp > 0.1; damp *= 0.8) {
            List<Coordinate> smooth = new ArrayList<>();
            for (int i = 0; i < 360; i++) {
                double t = 2 * StrictMath.PI * i / 360;
                double r = 1;
                for (int k = 2; k <= harmonics; k++) {
                    r += damp * amp[k] * StrictMath.cos(k * t + phase[k]);
                }
                smooth.add(new Coordinate(0.78 * r * StrictMath.cos(t), r * StrictMath.sin(t)));
            }
            double scale = StrictMath.sqrt(area / ring(smooth, centre, 1).getArea());
            // a little roughness on top of the smooth shape
            List<Coordinate> rough = new ArrayList<>();
            for (int i = 0; i < smooth.size(); i++) {
                Coordinate a = smooth.get(i);
                Coordinate b = smooth.get((i + 1) % smooth.size());
                Coordinate[] seg = Lines.wiggle(new Coordinate(a.x * scale, a.y * scale),
                        new Coordinate(b.x * scale, b.y * scale), 0.08, 90, seed(rnd));
                for (int k = 0; k < seg.length - 1; k++) {
                    rough.add(seg[k]);
                }
            }
            double fix = StrictMath.sqrt(area / ring(rough, centre, 1).getArea());
            Geometry shape = ring(rough, centre, fix);
            if (shape.isValid() && extent.contains(shape.getEnvelopeInternal())
                    && shape.contains(GaussKruger.METRIC.createPoint(seat))) {
                return shape;
            }
        }
        throw new IllegalStateException("no district outline fits the extent");
    }

    /** A polygon from ring points relative to {@code centre}, scaled by {@code scale}. */
    private static Geometry ring(List<Coordinate> relative, Coordinate centre, double scale) {
        Coordinate[] c = new Coordinate[relative.size() + 1];
        for (int i = 0; i < relative.size(); i++) {
            c[i] = new Coordinate(centre.x + relative.get(i).x * scale, centre.y + relative.get(i).y * scale);
        }
        c[relative.size()] = c[0].copy();
        return GaussKruger.METRIC.createPolygon(c);
    }

    private static long seed(SplittableRandom rnd) {
        return rnd.nextLong();
    }

    private Envelope metricEnvelope(Envelope lonLat) {
        Geometry g = gk.toMetric(org.xiangtu.geo.Crs.LONLAT.toGeometry(lonLat));
        return g.getEnvelopeInternal();
    }

    private void placeTowns(SplittableRandom rnd, Coordinate seat) {
        PreparedGeometry inside = PreparedGeometryFactory.prepare(district.buffer(-2_000));
        List<Coordinate> seeds = new ArrayList<>();
        // the five streets: the seat, then four around it within a few kilometres
        seeds.add(seat);
        double[][] around = {{3_600, 900}, {600, -3_900}, {-3_300, -4_800}, {4_700, -4_600}};
        for (double[] d : around) {
            seeds.add(new Coordinate(seat.x + d[0], seat.y + d[1]));
        }
        // towns come closer to the streets than to each other, which keeps the streets small
        List<Coordinate> townSeeds = bestCandidates(rnd, inside, seeds, TOWNS.size() - seeds.size(), 9_000, 2.0);
        // 安居镇 lies on the Fu River in the north: give it the northernmost town seed
        townSeeds.sort((a, b) -> Double.compare(b.y, a.y));
        seeds.addAll(townSeeds);
        List<Geometry> areas = Tessellator.split(district, seeds, 0.18, 120, 0x70A45L);
        for (int i = 0; i < TOWNS.size(); i++) {
            towns.add(new Town(TOWNS.get(i), seeds.get(i), areas.get(i)));
        }
    }

    /** Mitchell's best-candidate sampling: well-spread points, each some distance from the others. */
    private List<Coordinate> bestCandidates(SplittableRandom rnd, PreparedGeometry inside, List<Coordinate> existing,
            int count, double keepAway, double existingWeight) {
        Envelope env = inside.getGeometry().getEnvelopeInternal();
        List<Coordinate> all = new ArrayList<>(existing);
        List<Coordinate> out = new ArrayList<>();
        while (out.size() < count) {
            Coordinate best = null;
            double bestScore = -1;
            for (int k = 0; k < 40; k++) {
                Coordinate c = new Coordinate(env.getMinX() + rnd.nextDouble() * env.getWidth(),
                        env.getMinY() + rnd.nextDouble() * env.getHeight());
                if (!inside.contains(GaussKruger.METRIC.createPoint(c))) {
                    continue;
                }
                double d = Double.POSITIVE_INFINITY;
                for (int i = 0; i < all.size(); i++) {
                    double factor = i < existing.size() ? existingWeight : 1.0;
                    d = Math.min(d, all.get(i).distance(c) * factor);
                }
                double score = d * (0.7 + 0.6 * rnd.nextDouble());
                if (d > keepAway * 0.35 && score > bestScore) {
                    best = c;
                    bestScore = score;
                }
            }
            if (best != null) {
                all.add(best);
                out.add(best);
            }
        }
        return out;
    }

    private void placeVillages(SplittableRandom rnd, int total, long seed) {
        double sqmPerVillage = district.getArea() / total;
        Names names = new Names(seed ^ 0x5EEDL, NAMED_VILLAGES.stream().map(v -> v[1]).toList());
        for (Town town : towns) {
            int n = Math.max(3, (int) Math.round(town.area().getArea() / sqmPerVillage));
            PreparedGeometry inside = PreparedGeometryFactory.prepare(town.area().buffer(-400));
            List<Coordinate> seeds = new ArrayList<>();
            seeds.add(town.seat());
            double spacing = StrictMath.sqrt(town.area().getArea() / n);
            seeds.addAll(bestCandidates(rnd, inside, seeds, n - 1, spacing, 1.0));
            List<Geometry> areas = Tessellator.split(town.area(), seeds, 0.14, 80, seed(rnd));
            int communities = town.def().street() ? Math.max(1, (n + 1) / 2) : 1;
            int villageNo = 201;
            int communityNo = 1;
            String named = NAMED_VILLAGES.stream().filter(v -> v[0].equals(town.def().code())).map(v -> v[1])
                    .findFirst().orElse(null);
            // communities are the seeds nearest the town seat
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                order.add(i);
            }
            order.sort((a, b) -> Double.compare(seeds.get(a).distance(town.seat()), seeds.get(b).distance(town.seat())));
            for (int rank = 0; rank < n; rank++) {
                int i = order.get(rank);
                Geometry area = areas.get(i);
                if (area.isEmpty()) {
                    continue;
                }
                boolean community = rank < communities;
                String prefix = town.def().code().substring(0, 9);
                String code;
                String name;
                if (community) {
                    code = prefix + String.format("%03d", communityNo++);
                    name = names.community();
                } else {
                    code = prefix + String.format("%03d", villageNo++);
                    name = named != null ? names.reserve(named) : names.village();
                    named = null;
                }
                Point inner = area.getInteriorPoint();
                Coordinate villageSeat = area.contains(GaussKruger.METRIC.createPoint(seeds.get(i)))
                        ? seeds.get(i) : inner.getCoordinate();
                villages.add(new Village(code, name, town, community, villageSeat, area));
            }
        }
    }
}
