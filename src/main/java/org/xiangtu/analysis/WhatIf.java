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
 * reach of a greenway; a village is reached by the water network when a rural supply pipe crosses it
 * or a works lies within {@value #WATER_WORKS_REACH} m).
 */
public final class WhatIf {
    /** Metres from a water works within which a village counts as reached (as the cockpit counts it). */
    public static final double WATER_WORKS_REACH = 500;
    /** The kind of water pipe whose crossing reaches a village. */
    public static final String RURAL_SUPPLY = "rural_supply";

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

    /** Villages crossed by a rural supply pipe or within {@link #WATER_WORKS_REACH} of a works. */
    public static Set<String> waterToday(Collection<Feature> villages, Collection<Feature> pipes,
            Collection<Feature> works) {
        Set<String> out = new LinkedHashSet<>(Geometries.within(villages, Aggregates.where(pipes, "kind", RURAL_SUPPLY), 0));
        out.addAll(Geometries.within(villages, works, WATER_WORKS_REACH));
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
