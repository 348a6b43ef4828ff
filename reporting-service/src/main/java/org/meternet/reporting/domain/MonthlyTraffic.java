package org.meternet.reporting.domain;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Messages per month and what an operator says about them: the record month, month-on-month and
 * year-on-year factors, and which run of earlier months a month equalled combined ("January 2020
 * carried as many messages as April to October 2019 combined").
 */
public final class MonthlyTraffic {
    private final TreeMap<YearMonth, Long> months;

    public MonthlyTraffic(Map<YearMonth, Long> messagesPerMonth) {
        this.months = new TreeMap<>(messagesPerMonth);
    }

    public record Month(YearMonth month, long messages, Double monthOnMonth, Double yearOnYear) {
    }

    /** A month that carried at least as many messages as the consecutive earlier months from..to together. */
    public record Equalled(YearMonth month, long messages, YearMonth from, YearMonth to, long combined) {
        public String statement() {
            return month + " carried " + messages + " messages, as many as " + from + " to " + to + " combined (" + combined + ")";
        }
    }

    public List<Month> months() {
        List<Month> out = new ArrayList<>();
        months.forEach((m, n) -> out.add(new Month(m, n, Growth.factor(n, months.getOrDefault(m.minusMonths(1), 0L)),
                Growth.factor(n, months.getOrDefault(m.minusYears(1), 0L)))));
        return out;
    }

    public Optional<Month> record() {
        return months().stream().max(java.util.Comparator.comparingLong(Month::messages).thenComparing(Month::month));
    }

    /**
     * The longest run of consecutive months before {@code month} whose combined messages do not
     * exceed the month's own: the run ends at the latest month it can, so that the statement is about
     * the months just before (as "equalled the whole of last year" is). Empty when not even two
     * earlier months fit.
     */
    public Optional<Equalled> equalled(YearMonth month) {
        Long own = months.get(month);
        if (own == null) {
            return Optional.empty();
        }
        List<YearMonth> earlier = new ArrayList<>(months.headMap(month, false).keySet());
        Equalled best = null;
        for (int end = earlier.size() - 1; end >= 0; end--) {
            long sum = 0;
            int start = end;
            while (start >= 0 && consecutive(earlier, start, end) && sum + months.get(earlier.get(start)) <= own) {
                sum += months.get(earlier.get(start));
                start--;
            }
            int length = end - start;
            if (length >= 2 && (best == null || length > monthsBetween(best.from(), best.to()) + 1)) {
                best = new Equalled(month, own, earlier.get(start + 1), earlier.get(end), sum);
            }
        }
        return Optional.ofNullable(best);
    }

    private static boolean consecutive(List<YearMonth> months, int start, int end) {
        return start == end || months.get(start).plusMonths(1).equals(months.get(start + 1));
    }

    private static long monthsBetween(YearMonth a, YearMonth b) {
        return java.time.temporal.ChronoUnit.MONTHS.between(a, b);
    }
}
