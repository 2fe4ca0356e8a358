package org.xiangtu.demo;

import java.util.Locale;
import java.util.Map;

/**
 * Pinyin (without tones) of the demo county's made-up place names, syllable by syllable from one table
 * of the characters {@link Names} draws from (and the two real village names), so that English pages
 * and the place search can show and match "Shangba" for 上坝社区. A name with a character outside the
 * table has no pinyin (null) rather than a wrong one.
 */
final class Pinyin {
    /** Each character the generated and reserved village names use, with its reading in place names. */
    private static final Map<Character, String> SYLLABLES = table(
            "石shi 龙long 高gao 新xin 黄huang 白bai 青qing 马ma 金jin 桂gui 双shuang 河he 柏bai 松song 竹zhu"
            + " 凤feng 玉yu 安an 平ping 太tai 永yong 长chang 大da 小xiao 东dong 西xi 南nan 北bei 中zhong 上shang"
            + " 团tuan 合he 兴xing 和he 花hua 莲lian 桥qiao 坪ping 湾wan 林lin 山shan 坝ba 岩yan 沟gou 塘tang"
            + " 庙miao 堰yan 坡po 岭ling 滩tan 田tian 水shui 云yun 鹤he 狮shi 虎hu 象xiang 鱼yu 雁yan 梅mei 兰lan"
            + " 杏xing 桃tao 李li 柳liu 杨yang 槐huai 茶cha 米mi 谷gu 丰feng 福fu 寿shou 乐le 仁ren 义yi 礼li"
            + " 口kou 溪xi 寺si 院yuan 店dian 场chang 铺pu 垭ya 嘴zui 坎kan 冲chong 岗gang 台tai 园yuan 家jia"
            + " 观guan 门men 阁ge 峰feng 池chi 树shu 荫yin");

    private Pinyin() {
    }

    private static Map<Character, String> table(String pairs) {
        var map = new java.util.HashMap<Character, String>();
        for (String pair : pairs.split(" ")) {
            map.put(pair.charAt(0), pair.substring(1));
        }
        return Map.copyOf(map);
    }

    /**
     * The pinyin of a village or community name without its suffix (村, 社区): "上坝社区" → "Shangba";
     * an apostrophe separates a syllable that starts with a, o or e ("Xi'an"). Null for an unknown character.
     */
    static String ofPlace(String name) {
        String stem = name.replaceFirst("(村|社区)$", "");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < stem.length(); i++) {
            String syllable = SYLLABLES.get(stem.charAt(i));
            if (syllable == null) {
                return null;
            }
            if (i > 0 && "aoe".indexOf(syllable.charAt(0)) >= 0) {
                out.append('\'');
            }
            out.append(syllable);
        }
        return out.isEmpty() ? null : out.substring(0, 1).toUpperCase(Locale.ROOT) + out.substring(1);
    }
}
