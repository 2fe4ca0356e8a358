package org.xiangtu.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HandlerType;
import io.javalin.http.SameSite;
import java.net.URI;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.xiangtu.account.Sessions;
import org.xiangtu.catalog.Role;
import org.xiangtu.store.StoreUnavailableException;

/**
 * Sessions, roles and CSRF for every request.
 *
 * <ul>
 * <li>The session cookie {@value #COOKIE} is HttpOnly, SameSite=Strict, Path=/, and Secure when the
 * request came over HTTPS (directly, or {@code X-Forwarded-Proto: https} from a trusted proxy, see
 * {@link ClientAddress}).
 * <li>Each route declares the least role it needs (public &lt; leader &lt; planner &lt; admin): without a
 * session a route above public answers 401, with too small a role 403.
 * <li>Every write (POST, PUT, PATCH, DELETE) from a browser must come from this origin (the
 * {@code Origin} header, when sent, must name this scheme, host and port), and with a session it must carry the
 * session's token in {@value #CSRF_HEADER} (synchronizer token); otherwise 403.
 * </ul>
 */
public final class Security {
    public static final String COOKIE = "xiangtu_session";
    public static final String CSRF_HEADER = "X-CSRF-Token";
    /** Request attribute: the session store could not be asked who the cookie belongs to. */
    private static final String IDENTITY_UNKNOWN = "xiangtu.identity-unknown";
    private static final Set<HandlerType> WRITES = Set.of(HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
            HandlerType.DELETE);

    private final Sessions sessions;
    private final String publicUrl;

    /** @param publicUrl {@code server.publicUrl}, whose origin is this server's too; may be null */
    public Security(Sessions sessions, String publicUrl) {
        this.sessions = sessions;
        this.publicUrl = publicUrl == null || publicUrl.isBlank() ? null : publicUrl;
    }

    /**
     * Before every request: find the session named by the cookie, if any. When the store (which keeps the
     * sessions) cannot be reached, the request goes on as the public's — pages, scripts and public figures
     * still load — and a route above public answers 503 (see {@link #check}), not 401.
     */
    public void identify(Context ctx) {
        ctx.header("Vary", "Cookie"); // answers differ by who asks: no shared cache may mix them up
        String id = ctx.cookie(COOKIE);
        if (id != null) {
            try {
                sessions.find(id).ifPresent(s -> {
                    ctx.attribute(CurrentUser.ATTRIBUTE, s);
                    ctx.header("Cache-Control", "private, no-cache");
                });
            } catch (StoreUnavailableException e) {
                ctx.attribute(IDENTITY_UNKNOWN, e);
                ctx.header("Cache-Control", "private, no-cache");
            }
        }
    }

    /** Before a matched route: role and CSRF checks. */
    public void check(Context ctx, Role required) {
        boolean write = WRITES.contains(ctx.method());
        if (write) {
            checkOrigin(ctx);
        }
        Role role = CurrentUser.role(ctx);
        StoreUnavailableException unknown = ctx.attribute(IDENTITY_UNKNOWN);
        if (unknown != null && (required != Role.PUBLIC || write)) {
            throw unknown; // who this is cannot be told now: 503, as for any store outage
        }
        if (required != Role.PUBLIC) {
            if (CurrentUser.session(ctx).isEmpty()) {
                throw new ProblemException(401, null, "Sign in to use " + ctx.path() + ".",
                        java.util.Map.of("WWW-Authenticate", "Cookie realm=\"xiangtu\""));
            }
            if (!CurrentUser.reaches(role, required)) {
                throw new ProblemException(403, null, "Your role (" + role.name().toLowerCase(java.util.Locale.ROOT)
                        + ") may not use " + ctx.method() + " " + ctx.path() + "; it needs "
                        + required.name().toLowerCase(java.util.Locale.ROOT) + ".");
            }
        }
        if (write && CurrentUser.session(ctx).isPresent()) {
            String sent = ctx.header(CSRF_HEADER);
            String expected = CurrentUser.session(ctx).get().csrf();
            if (sent == null || !MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8),
                    expected.getBytes(StandardCharsets.UTF_8))) {
                throw new ProblemException(403, CSRF_HEADER, "This change needs the " + CSRF_HEADER
                        + " header of your session (GET /api/session gives it); sign in again if the page is old.");
            }
        }
    }

    /**
     * A browser's {@code Origin}, when sent, must be this server as the browser sees it: the scheme
     * (through a trusted proxy, {@code X-Forwarded-Proto}), host and port of the request's
     * {@code Host}, or those of {@code server.publicUrl} when it is set.
     */
    private void checkOrigin(Context ctx) {
        String origin = ctx.header("Origin");
        if (origin == null) {
            return; // not a browser, or a browser that sends no Origin on same-origin requests
        }
        String host = ctx.header("Host");
        if ((host != null && sameOrigin(origin, ctx.scheme() + "://" + host))
                || (publicUrl != null && sameOrigin(origin, publicUrl))) {
            return;
        }
        throw new ProblemException(403, "Origin", "Writes are accepted only from this server's own pages (Origin "
                + origin + ").");
    }

    /** Whether the origin names the same scheme, host and port as the URL (default ports filled in). */
    static boolean sameOrigin(String origin, String url) {
        try {
            URI a = URI.create(origin);
            URI b = URI.create(url);
            return a.getScheme() != null && a.getHost() != null && b.getScheme() != null && b.getHost() != null
                    && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                    && port(a) == port(b);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static int port(URI u) {
        return u.getPort() != -1 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** Sets the session cookie. */
    public static void setCookie(Context ctx, String id) {
        Cookie c = new Cookie(COOKIE, id);
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        c.setPath("/");
        c.setSecure(isHttps(ctx));
        ctx.cookie(c);
    }

    public static void clearCookie(Context ctx) {
        Cookie c = new Cookie(COOKIE, "");
        c.setHttpOnly(true);
        c.setSameSite(SameSite.STRICT);
        c.setPath("/");
        c.setMaxAge(0);
        c.setSecure(isHttps(ctx));
        ctx.cookie(c);
    }

    static boolean isHttps(Context ctx) {
        return "https".equalsIgnoreCase(ctx.scheme()); // X-Forwarded-Proto counts from trusted proxies: ClientAddress
    }

    public Sessions sessions() {
        return sessions;
    }
}
