package org.xiangtu.briefing;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What a briefing pack shows, worked out before anything is drawn: the cover (the scope) and one page per town
 * or village, each with its {@code /api/dashboard} answer for the request's date and year and the answer a year
 * before (for the changes), its map view, its most overdue projects and the link to the live cockpit.
 */
record Pack(String title, Texts texts, LocalDate asOf, LocalDate dataAsOf, int year, Integer previousYear,
        Themes.Theme theme, String source, String notice, Page cover, List<Page> pages) {

    /** One page: its name in the bookmarks and table of contents, its figures and its map. */
    record Page(String name, String heading, Map<String, Object> dashboard, Map<String, Object> previous,
            MapPanel.View view, Themes.Choropleth choropleth, List<Overdue> overdue, String link) {
    }

    /** A project past its due date and not done on the as-of date. */
    record Overdue(String name, String place, LocalDate due, long daysLate, Double progressPct) {
    }

    /** The key figures a page shows (KPI ids of {@code /api/dashboard}), in order. */
    static final List<String> KPIS = List.of("poor_households", "lifted_share", "income", "water_coverage",
            "industry_mu", "projects_progress");
}
