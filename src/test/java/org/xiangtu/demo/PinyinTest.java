package org.xiangtu.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The demo villages' pinyin, computed from one table of characters: every village has one, and it reads right. */
class PinyinTest {
    @Test
    void names_read_syllable_by_syllable_without_their_suffix() {
        assertThat(Pinyin.ofPlace("上坝社区")).isEqualTo("Shangba");
        assertThat(Pinyin.ofPlace("岩湾村")).isEqualTo("Yanwan");
        assertThat(Pinyin.ofPlace("树荫村")).isEqualTo("Shuyin");
        assertThat(Pinyin.ofPlace("西安村")).as("a syllable starting with a vowel").isEqualTo("Xi'an");
        assertThat(Pinyin.ofPlace("鑫村")).as("a character outside the table").isNull();
    }

    @Test
    void every_committed_village_has_its_pinyin() throws IOException {
        JsonNode villages = new JsonMapper().readTree(Path.of("data", "villages.geojson").toFile());
        assertThat(villages.path("features")).isNotEmpty();
        for (JsonNode f : villages.path("features")) {
            JsonNode p = f.path("properties");
            assertThat(p.path("pinyin").asText()).as(p.path("name").asText()).matches("[A-Z][a-z']+")
                    .isEqualTo(Pinyin.ofPlace(p.path("name").asText()));
        }
    }
}
