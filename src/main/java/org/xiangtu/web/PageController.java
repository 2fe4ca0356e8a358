package org.xiangtu.web;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Serves the HTML pages (from {@code web/}, on the classpath under {@code public/}). */
public final class PageController {
    private final byte[] cockpit;
    private final byte[] planner;
    private final byte[] screen;
    private final byte[] onboard;
    private final byte[] fieldApp;
    private final byte[] fieldAppWorker;

    public PageController() {
        this.cockpit = read("/public/index.html");
        this.planner = read("/public/planner.html");
        this.screen = read("/public/screen.html");
        this.onboard = read("/public/onboard.html");
        this.fieldApp = read("/public/app.html");
        this.fieldAppWorker = read("/public/js/app/sw.js");
    }

    public void cockpit(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(cockpit);
    }

    /** The planners' workspace: the page holds no data (it signs in, then calls the protected APIs). */
    public void planner(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(planner);
    }

    /** {@code GET /screen}: the public display screen (data screen for the county hall). */
    public void screen(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(screen);
    }

    /**
     * {@code GET /onboard}: onboarding a catalogue layer from a county's file (issue 18). The page holds no
     * data; it signs in and calls the admins' {@code /api/onboarding} routes, which refuse anyone else.
     */
    public void onboard(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(onboard);
    }

    /** {@code GET /app}: the cadres' offline field app (signs in, then calls {@code /api/field}). */
    public void fieldApp(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").header("Cache-Control", "no-cache").result(fieldApp);
    }

    /**
     * {@code GET /app-sw.js}: the field app's service worker, never cached (a new version is seen at once),
     * allowed to control {@code /app} though it is served from the root.
     */
    public void fieldAppWorker(Context ctx) {
        ctx.contentType("text/javascript; charset=utf-8").header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/app").result(fieldAppWorker);
    }

    /** The pages as served (their inline import maps are allowed by hash in the CSP). */
    public java.util.List<byte[]> pages() {
        return java.util.List.of(cockpit, planner, screen, fieldApp, onboard);
    }

    private static byte[] read(String resource) {
        try (InputStream in = PageController.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath (is web/ packaged?)");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
