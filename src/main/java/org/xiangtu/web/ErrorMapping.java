package org.xiangtu.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xiangtu.analysis.TimeBudgetExceededException;
import org.xiangtu.edit.Assignments;
import org.xiangtu.edit.FieldVisits;
import org.xiangtu.edit.ProjectEdits;
import org.xiangtu.io.upload.UploadException;
import org.xiangtu.service.ExportService;
import org.xiangtu.service.SignInService;
import org.xiangtu.service.WorkGate;
import org.xiangtu.store.InvalidQueryException;
import org.xiangtu.store.StoreUnavailableException;

/**
 * The one place where exceptions and error statuses become {@code application/problem+json}
 * answers. A client never sees a stack trace: 5xx answers carry a reference to the server log.
 */
public final class ErrorMapping {
    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapping.class);

    private ErrorMapping() {
    }

    public static void register(JavalinConfig cfg, Routes routes) {
        cfg.routes.exception(InvalidQueryException.class, (e, ctx) ->
                send(ctx, new Problem(Problem.INVALID_PARAMETER, "Invalid parameter", 400, e.getMessage(),
                        ctx.path(), e.parameter())));
        cfg.routes.exception(ProblemException.class, (e, ctx) -> {
            e.headers().forEach(ctx::header);
            HttpStatus status = HttpStatus.forStatus(e.status());
            send(ctx, new Problem(e.status() == 400 ? Problem.INVALID_PARAMETER : "about:blank", status.getMessage(),
                    e.status(), e.getMessage(), ctx.path(), e.field()));
        });
        cfg.routes.exception(NotFoundException.class, (e, ctx) ->
                send(ctx, new Problem("about:blank", "Not Found", 404, e.getMessage(), ctx.path(), e.parameter())));
        cfg.routes.exception(ProjectEdits.InvalidChange.class, (e, ctx) ->
                send(ctx, new Problem(Problem.INVALID_PARAMETER, "Bad Request", 400, e.getMessage(), ctx.path(),
                        e.field())));
        cfg.routes.exception(ProjectEdits.Conflict.class, (e, ctx) -> {
            ctx.header("ETag", e.current());
            send(ctx, new Problem("about:blank", "Precondition Failed", 412, e.getMessage(), ctx.path(), "If-Match"));
        });
        cfg.routes.exception(ProjectEdits.UnknownProject.class, (e, ctx) ->
                send(ctx, new Problem("about:blank", "Not Found", 404, e.getMessage(), ctx.path(), "id")));
        cfg.routes.exception(FieldVisits.InvalidVisit.class, (e, ctx) ->
                send(ctx, new Problem(Problem.INVALID_PARAMETER, "Bad Request", 400, e.getMessage(), ctx.path(),
                        e.field())));
        cfg.routes.exception(FieldVisits.NotYours.class, (e, ctx) -> // the same for absent and others': no details
                send(ctx, new Problem("about:blank", "Not Found", 404, e.getMessage(), ctx.path(), null)));
        cfg.routes.exception(Assignments.InvalidAssignment.class, (e, ctx) ->
                send(ctx, new Problem(Problem.INVALID_PARAMETER, "Bad Request", 400, e.getMessage(), ctx.path(),
                        e.field())));
        cfg.routes.exception(StoreUnavailableException.class, (e, ctx) -> {
            LOG.warn("store unavailable on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "5");
            send(ctx, new Problem("about:blank", "Service Unavailable", 503,
                    "The data store is not reachable right now; try again shortly.", ctx.path(), null));
        });
        cfg.routes.exception(TimeBudgetExceededException.class, (e, ctx) -> {
            LOG.warn("time budget spent on {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "30");
            send(ctx, new Problem("about:blank", "Service Unavailable", 503, "The request was stopped after its time "
                    + "budget of " + e.budgetMs() + " ms (" + e.limitName() + "); try a simpler drawing, a shorter "
                    + "distance or a smaller selection, or try again when the server is less busy.", ctx.path(),
                    null));
        });
        cfg.routes.exception(SignInService.TooManyAttempts.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            send(ctx, new Problem("about:blank", "Too Many Requests", 429, e.getMessage(), ctx.path(), "name"));
        });
        cfg.routes.exception(SignInService.Denied.class, (e, ctx) ->
                send(ctx, new Problem("about:blank", "Unauthorized", 401, e.getMessage(), ctx.path(), "password")));
        cfg.routes.exception(UploadException.class, (e, ctx) -> send(ctx, new Problem(e.status() == 400
                ? Problem.INVALID_PARAMETER : "about:blank", HttpStatus.forStatus(e.status()).getMessage(), e.status(),
                e.getMessage(), ctx.path(), e.field())));
        cfg.routes.exception(ExportService.TooLarge.class, (e, ctx) ->
                send(ctx, new Problem("about:blank", HttpStatus.forStatus(413).getMessage(), 413, e.getMessage(), ctx.path(), e.field())));
        cfg.routes.exception(ExportService.UnknownLayer.class, (e, ctx) ->
                send(ctx, new Problem("about:blank", "Not Found", 404, e.getMessage(), ctx.path(), "layer")));
        cfg.routes.exception(WorkGate.BusyException.class, (e, ctx) -> {
            LOG.warn("refused {} {}: {}", ctx.method(), ctx.path(), e.getMessage());
            ctx.header("Retry-After", "2");
            send(ctx, new Problem("about:blank", "Service Unavailable", 503, "Too many requests of this kind are "
                    + "being worked on right now; try again in a moment.", ctx.path(), null));
        });
        cfg.routes.exception(org.xiangtu.briefing.Briefings.Busy.class, (e, ctx) -> {
            ctx.header("Retry-After", String.valueOf(e.retryAfterSeconds()));
            send(ctx, new Problem("about:blank", "Too Many Requests", 429, "As many briefing packs as the server makes "
                    + "at once are being made; try again in " + e.retryAfterSeconds() + " s.", ctx.path(), null));
        });
        cfg.routes.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405) {
                methodNotAllowed(ctx, routes);
                return;
            }
            HttpStatus status = HttpStatus.forStatus(e.getStatus());
            send(ctx, new Problem("about:blank", status.getMessage(), e.getStatus(), e.getMessage(), ctx.path(), null));
        });
        // a body Jetty could not parse (bad chunked framing, a cut or boundless multipart) surfaces while a handler reads it
        cfg.routes.exception(jakarta.servlet.ServletException.class, ErrorMapping::malformedBody);
        cfg.routes.exception(org.eclipse.jetty.http.BadMessageException.class, ErrorMapping::malformedBody);
        cfg.routes.exception(org.eclipse.jetty.io.EofException.class, ErrorMapping::malformedBody);
        cfg.routes.exception(Exception.class, ErrorMapping::internal);
        cfg.routes.error(404, ctx -> {
            if (!isProblem(ctx)) {
                send(ctx, new Problem("about:blank", "Not Found", 404, "There is nothing at " + ctx.path() + ".",
                        ctx.path(), null));
            }
        });
        cfg.routes.error(405, ctx -> {
            if (!isProblem(ctx)) {
                methodNotAllowed(ctx, routes);
            }
        });
        cfg.routes.exception(org.xiangtu.edit.Refusal.class, ErrorMapping::refused);
    }

    /** A request the rules refused ({@link org.xiangtu.edit.Refusal}): the problem, with its extra members if any. */
    private static void refused(org.xiangtu.edit.Refusal e, Context ctx) {
        java.util.Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("type", e.status() == 400 ? Problem.INVALID_PARAMETER : "about:blank");
        body.put("title", HttpStatus.forStatus(e.status()).getMessage());
        body.put("status", e.status());
        body.put("detail", e.getMessage());
        body.put("instance", ctx.path());
        if (e.field() != null) {
            body.put("parameter", e.field());
        }
        body.putAll(e.extra());
        ctx.status(e.status());
        Json.write(ctx, Problem.CONTENT_TYPE, body);
    }

    /**
     * A 400 (or Jetty's own 4xx, such as 413) when Jetty found the request body malformed — it says so with an
     * {@link org.eclipse.jetty.http.HttpException} somewhere in the causes —, else an internal error.
     */
    private static void malformedBody(Exception e, Context ctx) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() >= 400 && h.getCode() < 500) {
                LOG.info("malformed request body on {} {}: {}", ctx.method(), ctx.path(), t.toString());
                int status = h.getCode() == 413 ? 413 : 400;
                send(ctx, new Problem(status == 400 ? Problem.INVALID_PARAMETER : "about:blank",
                        HttpStatus.forStatus(status).getMessage(), status, status == 413
                        ? "The request body is larger than this resource accepts."
                        : "The request body is malformed: its chunked framing or its multipart parts (boundary,"
                        + " names, end) are broken or cut short.", ctx.path(), "body"));
                return;
            }
        }
        internal(e, ctx);
    }

    private static void internal(Exception e, Context ctx) {
        String ref = UUID.randomUUID().toString().substring(0, 8);
        LOG.error("internal error {} on {} {}", ref, ctx.method(), ctx.path(), e);
        send(ctx, new Problem("about:blank", "Internal Server Error", 500,
                "Something went wrong on the server (reference " + ref + " in its log).", ctx.path(), null));
    }

    private static void methodNotAllowed(Context ctx, Routes routes) {
        String allowed = String.join(", ", routes.methodsFor(ctx.path()));
        if (!allowed.isEmpty()) {
            ctx.header("Allow", allowed);
        }
        send(ctx, new Problem("about:blank", "Method Not Allowed", 405, "Method " + ctx.method()
                + " is not allowed on " + ctx.path() + (allowed.isEmpty() ? "" : "; allowed: " + allowed) + ".",
                ctx.path(), null));
    }

    private static boolean isProblem(Context ctx) {
        String type = ctx.res().getContentType();
        return type != null && type.startsWith("application/problem+json");
    }

    static void send(Context ctx, Problem p) {
        ctx.status(p.status());
        Json.write(ctx, Problem.CONTENT_TYPE, p);
    }
}
