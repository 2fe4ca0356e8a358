package org.xiangtu.catalog;

import io.javalin.security.RouteRole;

/** Who is asking: the public (no sign-in), a leader, a planner or an administrator. */
public enum Role implements RouteRole {
    PUBLIC, LEADER, PLANNER, ADMIN
}
