package org.xiangtu.store;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.xiangtu.catalog.WatchCondition;

/**
 * The households that may hit one of the relapse watch's conditions on a day: a narrowing a store may apply
 * where the households are (one SQL {@code WHERE} on a database) so that only the few that may hit are read,
 * or ignore (reading every household is always right). The caller still checks each household it is handed
 * ({@code RelapseRules.check}): a store may hand over more households than hit, never fewer.
 *
 * @param anyOf the conditions (a household that hits any of them is a candidate)
 * @param year  the line year of the day ({@code {year}} in field names; {@code {prev}} the year before)
 * @param lines the monitoring line per year
 * @param day   the day of the check: reported events count from it back
 */
public record WatchCandidates(List<WatchCondition> anyOf, int year, Map<Integer, Double> lines, LocalDate day) {
    public WatchCandidates {
        anyOf = List.copyOf(anyOf);
        lines = Map.copyOf(lines);
    }
}
