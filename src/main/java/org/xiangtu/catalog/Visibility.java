package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Who may see a field or a layer: anyone, leaders (and planners, admins), planners (and admins), or —
 * for a household's personal data — leaders and admins only. A cadre sees the households assigned to
 * them through the field app's own routes ({@code /api/field}), never through the layer routes, so here
 * a cadre sees what the public sees.
 */
public enum Visibility {
    PUBLIC, LEADER, PLANNER, HOUSEHOLD;

    public boolean isVisibleTo(Role role) {
        return switch (this) {
            case PUBLIC -> true;
            case LEADER -> role == Role.LEADER || role == Role.PLANNER || role == Role.ADMIN;
            case PLANNER -> role == Role.PLANNER || role == Role.ADMIN;
            case HOUSEHOLD -> role == Role.LEADER || role == Role.ADMIN;
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
