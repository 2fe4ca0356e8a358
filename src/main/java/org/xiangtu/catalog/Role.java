package org.xiangtu.catalog;

import io.javalin.security.RouteRole;

/**
 * Who is asking: the public (no sign-in), a leader, a planner, an administrator, or an assistance cadre
 * (帮扶干部) who keeps the records of the households assigned to them in the field app.
 */
public enum Role implements RouteRole {
    PUBLIC, LEADER, PLANNER, ADMIN, CADRE
}
