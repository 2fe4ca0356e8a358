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

    public PageController() {
        this.cockpit = read("/public/index.html");
        this.planner = read("/public/planner.html");
        this.screen = read("/public/screen.html");
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

    /** The pages as served (their inline import maps are allowed by hash in the CSP). */
    public java.util.List<byte[]> pages() {
        return java.util.List.of(cockpit, planner, screen);
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
