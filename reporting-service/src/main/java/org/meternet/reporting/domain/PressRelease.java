package org.meternet.reporting.domain;

import java.text.NumberFormat;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The operator's announcement of the roll-out, worded from figures the read models gave: the latest
 * milestone with who and where, the leading local authorities by take-up, the year's growth, and
 * the record month of messages with the earlier months it equalled. A figure that is missing is
 * left out, never made up.
 */
public record PressRelease(LocalDate asAt, Milestone milestone, List<TakeUpRanking.Ranked> leaders, YearGrowth growth,
        MonthlyTraffic.Month recordMonth, MonthlyTraffic.Equalled recordEqualled, String householdsSource) {

    public record Milestone(long n, LocalDate date, String supplier, String localAuthority) {
    }

    /** The last complete calendar year at the date (the date's own year when it is 31 December). */
    public record YearGrowth(int year, long atStart, long atDate, Double factor) {
        public static int yearOf(LocalDate asAt) {
            return asAt.getMonthValue() == 12 && asAt.getDayOfMonth() == 31 ? asAt.getYear() : asAt.getYear() - 1;
        }
    }

    private static final Locale UK = Locale.UK;
    private static final DateTimeFormatter LONG_DATE = DateTimeFormatter.ofPattern("d MMMM yyyy", UK);

    public List<String> paragraphs() {
        List<String> out = new ArrayList<>();
        if (milestone != null) {
            out.add(String.format(UK, "The %s SMETS2 smart meter was installed on %s by %s in %s.", ordinal(milestone.n()),
                    milestone.date().format(LONG_DATE), milestone.supplier(), milestone.localAuthority()));
        }
        if (!leaders.isEmpty()) {
            StringBuilder s = new StringBuilder("Take-up is highest in ");
            for (int i = 0; i < leaders.size(); i++) {
                TakeUp t = leaders.get(i).takeUp();
                s.append(i == 0 ? "" : i == leaders.size() - 1 ? " and " : ", ").append(t.localAuthorityName()).append(" (")
                        .append(String.format(UK, "%.1f%%", t.share() * 100)).append(')');
            }
            TakeUp first = leaders.get(0).takeUp();
            s.append(String.format(UK, ", where %s of %s households have a smart meter (%s).",
                    number(first.premisesWithSmartMeter()), number(first.households()), first.householdsSource()));
            if (first.share() >= 0.25) {
                s.append(" In ").append(first.localAuthorityName()).append(" that is more than one household in four.");
            }
            out.add(s.toString());
        }
        if (growth != null && growth.factor() != null) {
            out.add(String.format(UK, "SMETS2 meters in service grew %s-fold in %d, from %s to %s.", factor(growth.factor()),
                    growth.year(), number(growth.atStart()), number(growth.atDate())));
        }
        if (recordMonth != null) {
            String s = String.format(UK, "%s was the busiest month yet on the network, with %s messages to and from meters",
                    monthName(recordMonth.month()), number(recordMonth.messages()));
            if (recordEqualled != null) {
                s += String.format(UK, ", as many as %s to %s combined", monthName(recordEqualled.from()), monthName(recordEqualled.to()));
            }
            out.add(s + ".");
        }
        return out;
    }

    public String text() {
        return "meternet roll-out update, " + asAt.format(LONG_DATE) + "\n\n" + String.join("\n\n", paragraphs()) + "\n";
    }

    static String number(long n) {
        return NumberFormat.getIntegerInstance(UK).format(n);
    }

    static String factor(double f) {
        return f == Math.rint(f) ? String.valueOf((long) f) : String.format(UK, "%.1f", f);
    }

    static String monthName(YearMonth m) {
        return m.getMonth().getDisplayName(TextStyle.FULL, UK) + " " + m.getYear();
    }

    static String ordinal(long n) {
        long mod100 = n % 100;
        String suffix = mod100 >= 11 && mod100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return number(n) + suffix;
    }
}
