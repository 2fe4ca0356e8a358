package org.xiangtu.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** Who may see a field: anyone, leaders (and planners, admins), or planners (and admins). */
public enum Visibility {
    PUBLIC, LEADER, PLANNER;

    public boolean isVisibleTo(Role role) {
        return switch (this) {
            case PUBLIC -> true;
            case LEADER -> role == Role.LEADER || role == Role.PLANNER || role == Role.ADMIN;
            case PLANNER -> role == Role.PLANNER || role == Role.ADMIN;
        };
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
