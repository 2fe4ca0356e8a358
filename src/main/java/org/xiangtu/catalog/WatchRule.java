package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One relapse-watch rule of the catalogue ({@code watch.rules}, docs/relapse-watch.md): a condition on a
 * household's fields and the events reported on its visits, the risk tier a hit carries, who must act
 * ({@code cadre}: the household's cadre; {@code town}: the town's office) and within how many days.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WatchRule(String id, I18n title, String tier, String actor, int days, JsonNode when) {

    public WatchRule {
        if (id == null || title == null || tier == null || when == null) {
            throw new IllegalArgumentException("a watch rule needs id, title, tier and when");
        }
        actor = actor == null ? "cadre" : actor;
        if (!actor.equals("cadre") && !actor.equals("town")) {
            throw new IllegalArgumentException("watch rule '" + id + "': actor must be cadre or town");
        }
        if (days < 1 || days > 365) {
            throw new IllegalArgumentException("watch rule '" + id + "': days must be 1 to 365");
        }
    }

    /** The rule's condition, compiled against the catalogue (checked when the catalogue loads). */
    @JsonIgnore
    public WatchCondition condition(LayerDef households, LayerDef visits) {
        return WatchCondition.compile(when, households, visits, "watch rule '" + id + "'");
    }
}
