package org.xiangtu.web;

import io.javalin.http.Context;
import java.util.Optional;
import org.xiangtu.account.Sessions.Session;
import org.xiangtu.catalog.Role;

/** Who is asking: the session {@link Security} found for the request, or the public. */
public final class CurrentUser {
    static final String ATTRIBUTE = "xiangtu.session";

    private CurrentUser() {
    }

    public static Role role(Context ctx) {
        return session(ctx).map(Session::role).orElse(Role.PUBLIC);
    }

    public static Optional<Session> session(Context ctx) {
        return Optional.ofNullable(ctx.attribute(ATTRIBUTE));
    }

    /** The signed-in user's name, for the audit log and the history; null for the public. */
    public static String name(Context ctx) {
        return session(ctx).map(Session::user).orElse(null);
    }

    /**
     * Whether the role reaches the required one: public < leader < planner < admin; a cadre stands beside that
     * ladder and reaches only the public's routes and the field app's (which no other role reaches).
     */
    public static boolean reaches(Role role, Role required) {
        if (required == Role.PUBLIC) {
            return true;
        }
        if (role == Role.CADRE || required == Role.CADRE) {
            return role == required;
        }
        return role.ordinal() >= required.ordinal();
    }
}
