package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A department whose lists of households open relapse-watch alerts (catalogue {@code watch.lists}: the civil
 * affairs, health insurance or housing bureau, say): its title, the tier its alerts carry, who must act and
 * within how many days.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record WatchList(I18n title, String tier, String actor, int days) {
    public WatchList {
        if (title == null || tier == null) {
            throw new IllegalArgumentException("a watch list needs a title and a tier");
        }
        actor = actor == null ? "cadre" : actor;
        if (days < 1 || days > 365) {
            throw new IllegalArgumentException("a watch list's days must be 1 to 365");
        }
    }
}
