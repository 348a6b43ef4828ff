package org.meternet.messaging.domain;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * How finely a metering point's consumption may be read, as the consumer chose (the GB data access
 * choice): monthly always; daily unless the consumer opted out; half-hourly only when they opted in.
 */
public final class Consent {
    private Consent() {
    }

    public enum Level {
        MONTHLY, DAILY, HALF_HOURLY;

        /** What applies when the consumer has made no choice. */
        public static final Level DEFAULT = DAILY;

        public boolean allows(Granularity g) {
            return ordinal() >= g.needs.ordinal();
        }

        public Granularity finest() {
            return this == HALF_HOURLY ? Granularity.HALF_HOURLY : this == DAILY ? Granularity.DAILY : Granularity.MONTHLY;
        }

        public static Optional<Level> parse(String text) {
            return text == null ? Optional.empty()
                    : Arrays.stream(values()).filter(l -> l.name().equalsIgnoreCase(text.replace('-', '_'))).findFirst();
        }
    }

    /** What a reader asks for; register reads at arbitrary times say more than half-hourly data. */
    public enum Granularity {
        MONTHLY("monthly", Level.MONTHLY), DAILY("daily", Level.DAILY), HALF_HOURLY("half-hourly", Level.HALF_HOURLY),
        REGISTER("register", Level.HALF_HOURLY);

        private final String wireName;
        private final Level needs;

        Granularity(String wireName, Level needs) {
            this.wireName = wireName;
            this.needs = needs;
        }

        public String wireName() {
            return wireName;
        }

        public Level needs() {
            return needs;
        }

        public static Optional<Granularity> parse(String text) {
            return text == null ? Optional.empty()
                    : Arrays.stream(values()).filter(g -> g.wireName.equals(text.toLowerCase(Locale.ROOT))).findFirst();
        }
    }
}
