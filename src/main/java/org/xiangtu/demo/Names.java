package org.xiangtu.demo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/** Plausible, made-up names for villages and communities (two characters + 村 / 社区), unique. */
final class Names {
    private static final String FIRST = "石龙高新黄白青马金桂双河柏松竹凤玉安平太永长大小东西南北中上团合兴和花莲"
            + "桥坪湾林山坝岩沟塘庙堰坡岭滩田水云鹤狮虎象鱼雁梅兰杏桃李柳杨槐茶米谷丰福寿乐仁义礼龙";
    private static final String SECOND = "湾坪坝沟塘桥岭山林河口溪滩堰坡庙寺院店场铺垭嘴坎冲岗台田园家观门阁峰池";
    private final Set<String> used = new HashSet<>();
    private final SplittableRandom rnd;

    Names(long seed, List<String> reserved) {
        this.rnd = new SplittableRandom(seed);
        used.addAll(reserved);
    }

    String village() {
        return unique("村");
    }

    String community() {
        return unique("社区");
    }

    /** Reserves a given name (a real one, such as 岩湾村) so no generated name repeats it. */
    String reserve(String name) {
        used.add(name);
        return name;
    }

    private String unique(String suffix) {
        for (int i = 0; i < 10_000; i++) {
            String stem = "" + FIRST.charAt(rnd.nextInt(FIRST.length())) + SECOND.charAt(rnd.nextInt(SECOND.length()));
            if (stem.charAt(0) == stem.charAt(1)) {
                continue;
            }
            String name = stem + suffix;
            String other = stem + (suffix.equals("村") ? "社区" : "村");
            if (!used.contains(name) && !used.contains(other)) {
                used.add(name);
                return name;
            }
        }
        throw new IllegalStateException("ran out of names");
    }
}
