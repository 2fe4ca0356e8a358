package org.xiangtu.testing;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * An attacker's notebook for disclosure tests: every published figure is a sum over unknown cells
 * (e.g. the poor households of a set of villages) with its value; every withheld figure is a sum
 * whose value was not shown. It then tries to work out the withheld ones, the way someone with a
 * spreadsheet would (subtraction and elimination, with the values, so a finding says what it found)
 * and exactly (linear algebra on the sets alone: is the withheld sum any combination of published
 * ones?). Cells of different families (fields) never mix. Not thread-safe.
 */
public final class Disclosure {
    /** Arithmetic modulo a prime: a combination over the rationals is one modulo p, so "not in the span mod p" is exact. */
    private static final long P = 2_147_483_647L;

    private final Map<String, Family> families = new TreeMap<>();

    private record Equation(Set<String> cells, double value, String source) {
    }

    private static final class Family {
        final Map<Set<String>, Equation> published = new LinkedHashMap<>();
        final Map<Set<String>, String> withheld = new LinkedHashMap<>();
    }

    /** A published figure: the sum of {@code family} over {@code cells} is {@code value}. */
    public void published(String family, Collection<String> cells, double value, String source) {
        Set<String> key = new TreeSet<>(cells);
        families.computeIfAbsent(family, f -> new Family()).published.putIfAbsent(key, new Equation(key, value, source));
    }

    /** A withheld figure: the sum of {@code family} over {@code cells} was not shown. An empty sum hides nothing. */
    public void withheld(String family, Collection<String> cells, String source) {
        if (!cells.isEmpty()) {
            families.computeIfAbsent(family, f -> new Family()).withheld.putIfAbsent(new TreeSet<>(cells), source);
        }
    }

    /** How many withheld figures were noted (distinct sums), over all families. */
    public int withheldCount() {
        return families.values().stream().mapToInt(f -> f.withheld.size()).sum();
    }

    /**
     * The withheld figures worked out by hand: repeatedly solve any published equation with one
     * unknown cell left, or the difference of two published sums (one containing the other) that
     * leaves one unknown; then a withheld sum is found when it has no unknown left, or is a published
     * sum or the difference of two. Each finding names the figure, its value and how it was found.
     */
    public List<String> bySubtraction() {
        List<String> found = new ArrayList<>();
        families.forEach((name, family) -> {
            Map<String, Double> known = new HashMap<>();
            List<Equation> equations;
            boolean changed;
            do {
                changed = false;
                equations = reduced(family.published.values(), known);
                for (Equation e : equations) {
                    if (e.cells().size() == 1) {
                        changed |= known.putIfAbsent(e.cells().iterator().next(), e.value()) == null;
                    }
                }
                for (Equation small : equations) {
                    for (Equation big : equations) {
                        if (big.cells().size() == small.cells().size() + 1 && big.cells().containsAll(small.cells())) {
                            Set<String> rest = new TreeSet<>(big.cells());
                            rest.removeAll(small.cells());
                            changed |= known.putIfAbsent(rest.iterator().next(), big.value() - small.value()) == null;
                        }
                    }
                }
            } while (changed);
            Map<Set<String>, Double> sums = new HashMap<>();
            for (Equation big : equations) {
                sums.put(big.cells(), big.value());
                for (Equation small : equations) {
                    if (big.cells().size() > small.cells().size() && big.cells().containsAll(small.cells())) {
                        Set<String> rest = new TreeSet<>(big.cells());
                        rest.removeAll(small.cells());
                        sums.putIfAbsent(rest, big.value() - small.value());
                    }
                }
            }
            family.withheld.forEach((cells, source) -> {
                Equation r = reduce(new Equation(cells, 0, source), known);
                if (r.cells().isEmpty() || sums.containsKey(r.cells())) {
                    double value = -r.value() + (r.cells().isEmpty() ? 0 : sums.get(r.cells()));
                    found.add(name + " of " + source + " = " + value);
                }
            });
        });
        return found;
    }

    private static List<Equation> reduced(Collection<Equation> equations, Map<String, Double> known) {
        Map<Set<String>, Equation> out = new LinkedHashMap<>();
        for (Equation e : equations) {
            Equation r = reduce(e, known);
            if (!r.cells().isEmpty()) {
                out.putIfAbsent(r.cells(), r);
            }
        }
        return new ArrayList<>(out.values());
    }

    private static Equation reduce(Equation e, Map<String, Double> known) {
        Set<String> left = new TreeSet<>();
        double value = e.value();
        for (String c : e.cells()) {
            Double v = known.get(c);
            if (v == null) {
                left.add(c);
            } else {
                value -= v;
            }
        }
        return left.size() == e.cells().size() ? e : new Equation(left, value, e.source());
    }

    /** The withheld figures that are a linear combination of published ones (whatever the values). */
    public List<String> byLinearAlgebra() {
        List<String> found = new ArrayList<>();
        families.forEach((name, family) -> {
            Map<String, Integer> index = new HashMap<>();
            family.published.keySet().forEach(s -> s.forEach(c -> index.putIfAbsent(c, index.size())));
            family.withheld.keySet().forEach(s -> s.forEach(c -> index.putIfAbsent(c, index.size())));
            int n = index.size();
            List<long[]> basis = new ArrayList<>();
            List<Integer> pivots = new ArrayList<>();
            for (Set<String> cells : family.published.keySet()) {
                long[] row = reduce(vector(cells, index, n), basis, pivots);
                int pivot = firstNonZero(row);
                if (pivot >= 0) {
                    long inverse = power(row[pivot], P - 2);
                    for (int i = 0; i < n; i++) {
                        row[i] = row[i] * inverse % P;
                    }
                    basis.add(row);
                    pivots.add(pivot);
                }
            }
            family.withheld.forEach((cells, source) -> {
                if (firstNonZero(reduce(vector(cells, index, n), basis, pivots)) < 0) {
                    found.add(name + " of " + source);
                }
            });
        });
        return found;
    }

    private static long[] vector(Set<String> cells, Map<String, Integer> index, int n) {
        long[] v = new long[n];
        cells.forEach(c -> v[index.get(c)] = 1);
        return v;
    }

    private static long[] reduce(long[] v, List<long[]> basis, List<Integer> pivots) {
        for (int b = 0; b < basis.size(); b++) {
            long f = v[pivots.get(b)];
            if (f != 0) {
                long[] row = basis.get(b);
                for (int i = 0; i < v.length; i++) {
                    if (row[i] != 0) {
                        v[i] = ((v[i] - f * row[i]) % P + P) % P;
                    }
                }
            }
        }
        return v;
    }

    private static int firstNonZero(long[] v) {
        for (int i = 0; i < v.length; i++) {
            if (v[i] != 0) {
                return i;
            }
        }
        return -1;
    }

    private static long power(long base, long exp) {
        long result = 1;
        long b = base % P;
        for (long e = exp; e > 0; e >>= 1) {
            if ((e & 1) == 1) {
                result = result * b % P;
            }
            b = b * b % P;
        }
        return result;
    }
}
