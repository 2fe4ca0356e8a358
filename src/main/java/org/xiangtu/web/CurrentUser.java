package org.xiangtu.web;

import io.javalin.http.Context;
import org.xiangtu.catalog.Role;

/** Who is asking. Until sign-in exists every caller is the public. */
public final class CurrentUser {
    private CurrentUser() {
    }

    public static Role role(Context ctx) {
        return Role.PUBLIC;
    }
}
