package org.xiangtu.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.xiangtu.account.AuditLog;
import org.xiangtu.account.PasswordHasher;
import org.xiangtu.account.SignInLimiter;
import org.xiangtu.account.User;
import org.xiangtu.account.Users;
import org.xiangtu.account.Sessions;

/** Sign-in ({@code POST /api/session}), who am I ({@code GET}) and sign-out ({@code DELETE}). */
public final class SessionController {
    private final Users users;
    private final Sessions sessions;
    private final SignInLimiter limiter;
    private final AuditLog audit;

    public SessionController(Users users, Sessions sessions, SignInLimiter limiter, AuditLog audit) {
        this.users = users;
        this.sessions = sessions;
        this.limiter = limiter;
        this.audit = audit;
    }

    public void signIn(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        String name = Bodies.text(body, "name", 200);
        String password = Bodies.secret(body, "password", 1024);
        String address = ctx.ip();
        Duration wait = limiter.wait(name, address);
        if (!wait.isZero()) {
            long seconds = Math.max(1, wait.toSeconds());
            audit.record(AuditLog.Entry.of(name, address, "sign-in", name, "rate-limited", null));
            throw new ProblemException(429, "name", "Too many failed sign-ins; try again in " + seconds + " s.",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
        Optional<User> user = users.find(name);
        if (!PasswordHasher.verify(password, user.map(User::passwordHash).orElse(null))) {
            limiter.failed(name, address);
            audit.record(AuditLog.Entry.of(name, address, "sign-in", name, "denied", null));
            throw new ProblemException(401, "password", "The user name or the password is wrong.");
        }
        limiter.succeeded(name);
        CurrentUser.session(ctx).ifPresent(old -> sessions.end(old.id())); // a fresh id at every sign-in
        Sessions.Session s = sessions.start(user.get().name(), user.get().role());
        Security.setCookie(ctx, s.id());
        audit.record(AuditLog.Entry.of(s.user(), address, "sign-in", s.user(), "ok", null));
        Json.write(ctx, describe(s));
    }

    public void whoAmI(Context ctx) {
        ctx.header("Cache-Control", "no-store");
        Json.write(ctx, CurrentUser.session(ctx).map(SessionController::describe)
                .orElseGet(() -> Map.of("signedIn", false, "role", "public")));
    }

    public void signOut(Context ctx) {
        CurrentUser.session(ctx).ifPresent(s -> {
            sessions.end(s.id());
            audit.record(AuditLog.Entry.of(s.user(), ctx.ip(), "sign-out", s.user(), "ok", null));
        });
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
