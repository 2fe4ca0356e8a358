package org.xiangtu.analysis;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.xiangtu.geo.Measure;
import org.xiangtu.store.Feature;

/**
 * What a proposed greenway segment or water works would add to today's reach: pure functions over
 * lon/lat features, distances measured in EPSG:4544 metres by {@link Geometries#within}, the same
 * definitions the cockpit uses (a village or base is linked by the greenway when it lies within the
 * reach of a greenway; a village is reached by the water network when a works lies within
 * {@value #WATER_WORKS_REACH} m, or a rural supply pipe crossing it is joined to a town main).
 *
 * <p>Decision: a rural supply pipe alone does not reach a village. Every one of the demo county's 298
 * villages has its own rural pipe network (the survey maps one per village), so "a rural pipe crosses it"
 * counted every village as reached and a proposed works always reached 0 more. A pipe carries water only
 * from a source: a works near the village, or a town main (which runs from the centralized works) that the
 * village's pipes join.
 */
public final class WhatIf {
    /** Metres from a water works within which a village counts as reached (as the cockpit counts it). */
    public static final double WATER_WORKS_REACH = 500;
    /** The kind of water pipe whose crossing reaches a village, when it is joined to a {@link #TOWN_MAIN}. */
    public static final String RURAL_SUPPLY = "rural_supply";
    /** The kind of water pipe that brings water from the centralized works to the villages' pipes. */
    public static final String TOWN_MAIN = "town_main";
    /** Metres within which a rural supply pipe counts as joined to a town main. */
    public static final double JOINED_M = 1;

    private WhatIf() {
    }

    /**
     * Today's reach and the proposal's.
     *
     * @param today ids reached today
     * @param proposal ids the proposal alone would reach
     * @param added ids the proposal reaches that today's network does not (in the targets' order)
     */
    public record Reach(Set<String> today, Set<String> proposal, List<String> added) {
        /** How many would be reached with the proposal built. */
        public int after() {
            return today.size() + added.size();
        }
    }

    /** Targets within {@code metres} of today's greenways. */
    public static Set<String> greenwayToday(Collection<Feature> targets, Collection<Feature> greenways, double metres) {
        return new LinkedHashSet<>(Geometries.within(targets, greenways, metres));
    }

    /**
     * Villages within {@link #WATER_WORKS_REACH} of a works, or crossed by a rural supply pipe that is
     * joined (within {@link #JOINED_M}) to a town main.
     */
    public static Set<String> waterToday(Collection<Feature> villages, Collection<Feature> pipes,
            Collection<Feature> works) {
        List<Feature> mains = Aggregates.where(pipes, "kind", TOWN_MAIN);
        List<Feature> rural = Aggregates.where(pipes, "kind", RURAL_SUPPLY);
        Set<String> joinedIds = new LinkedHashSet<>(Geometries.within(rural, mains, JOINED_M));
        List<Feature> joined = rural.stream().filter(p -> joinedIds.contains(p.id())).toList();
        Set<String> out = new LinkedHashSet<>(Geometries.within(villages, works, WATER_WORKS_REACH));
        out.addAll(Geometries.within(villages, joined, 0));
        return out;
    }

    /** Compares the targets reached within {@code metres} of the proposal (lon/lat) with today's; no time limit. */
    public static Reach compare(Collection<Feature> targets, Set<String> today, Geometry proposal, double metres) {
        return compare(targets, today, proposal, metres, Deadline.NONE);
    }

    /**
     * Compares the targets reached within {@code metres} of the proposal (lon/lat) with today's. The
     * proposal is not grown: each target is tested with {@link Within#reached} (indexed distance).
     *
     * @throws TimeBudgetExceededException when the deadline passes (checked per target)
     */
    public static Reach compare(Collection<Feature> targets, Set<String> today, Geometry proposal, double metres,
            Deadline deadline) {
        Measure measure = new Measure();
        Within.Zone near = Within.near(measure.metric(proposal), metres);
        Set<String> reached = new LinkedHashSet<>();
        for (Within.Hit h : Within.reached(targets, near, measure, deadline)) {
            reached.add(h.feature().id());
        }
        List<String> added = new ArrayList<>();
        for (String id : reached) {
            if (!today.contains(id)) {
                added.add(id);
            }
        }
        return new Reach(java.util.Collections.unmodifiableSet(new LinkedHashSet<>(today)), reached, List.copyOf(added));
    }
}
