package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;
import org.xiangtu.account.Sessions;
import org.xiangtu.service.SignInService;

/** Sign-in ({@code POST /api/session}), who am I ({@code GET}) and sign-out ({@code DELETE}). */
public final class SessionController implements AutoCloseable {
    private final SignInService signIns;

    public SessionController(SignInService signIns) {
        this.signIns = signIns;
    }

    /** Signs in (the rules: {@link SignInService#signIn}); the answer is the new session's description. */
    public void signIn(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        String name = Bodies.text(body, "name", 200);
        String password = Bodies.secret(body, "password", 1024);
        Sessions.Session s = signIns.signIn(name, password, ctx.ip(), CurrentUser.session(ctx));
        Security.setCookie(ctx, s.id());
        Json.write(ctx, describe(s));
    }

    /** Writes the pending counts of refused sign-ins to the audit log now (also done every minute). */
    public void flushAudit() {
        signIns.flushAudit();
    }

    /** Stops the background audit writer, writing what is pending (before the store closes). */
    @Override
    public void close() {
        signIns.close();
    }

    public void whoAmI(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, CurrentUser.session(ctx).map(SessionController::describe)
                .orElseGet(() -> Map.of("signedIn", false, "role", "public")));
    }

    public void signOut(Context ctx) {
        CurrentUser.session(ctx).ifPresent(s -> signIns.signOut(s, ctx.ip()));
        Security.clearCookie(ctx);
        ctx.status(204);
    }

    private static Map<String, Object> describe(Sessions.Session s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("signedIn", true);
        m.put("name", s.user());
        m.put("role", s.role().name().toLowerCase(java.util.Locale.ROOT));
        m.put("csrf", s.csrf());
        return m;
    }
}
