package org.meternet.reporting.api;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import org.meternet.platform.problem.ProblemException;

/** Report dates are GB calendar days: "at a date" means at the end of that day in Europe/London. */
final class ReportDates {
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private ReportDates() {
    }

    static LocalDate day(String date) {
        return day(date, "date");
    }

    /** A GB day given in the query parameter {@code field}; today when absent. */
    static LocalDate day(String text, String field) {
        if (text == null || text.isBlank()) {
            return LocalDate.now(LONDON);
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest("INVALID_DATE", field, field + " '" + text + "' is not an ISO date (YYYY-MM-DD)");
        }
    }

    static Instant endOf(LocalDate day) {
        return startOf(day.plusDays(1)).minusNanos(1000);
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(LONDON).toInstant();
    }
}
