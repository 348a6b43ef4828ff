package org.meternet.simulator.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * When the soak injects faults, and which: one at the start of each fault minute, cycling through {@link Kind} in
 * order. Minutes count from 0 (minute 0 is the warm-up). A run of 60 minutes or more has a fault every ten minutes
 * from minute 5 (5, 15, 25, ...); a shorter one every max(2, N/6) minutes from minute 2, so that a short run still
 * goes through several (12 minutes: 2, 4, 6, 8, 10). The last fault leaves at least two minutes to recover in and be
 * measured.
 */
record FaultSchedule(int minutes, int every, int first, List<Fault> faults) {
    /** What a fault does, as the launcher's commands (bin/meternet ...) run one after the other. */
    enum Kind {
        KILL_MESSAGING("SIGKILL messaging-service + restart", "messaging-service"),
        RESTART_BROKER("platform broker restart", null),
        RESTART_POSTGRES("PostgreSQL restart", null),
        KILL_INSTALLATION("SIGKILL installation-service + restart", "installation-service"),
        KILL_GATEWAY("SIGKILL meter-gateway + restart", "meter-gateway"),
        KILL_REPORTING("SIGKILL reporting-service + restart", "reporting-service");

        final String label;
        /** The service killed and started again; null for the infrastructure's restarts. */
        final String service;

        Kind(String label, String service) {
            this.label = label;
            this.service = service;
        }

        List<List<String>> commands() {
            return switch (this) {
                case RESTART_BROKER -> List.of(List.of("infra", "restart", "broker"));
                case RESTART_POSTGRES -> List.of(List.of("infra", "restart", "postgres"));
                default -> List.of(List.of("service", "kill", service), List.of("service", "start", service));
            };
        }

        /** Its short name in the CSV and on the charts. */
        String tag() {
            return switch (this) {
                case RESTART_BROKER -> "restart broker";
                case RESTART_POSTGRES -> "restart postgres";
                default -> "kill " + service;
            };
        }
    }

    record Fault(int minute, Kind kind) {
    }

    static FaultSchedule forRun(int minutes) {
        int every = minutes >= 60 ? 10 : Math.max(2, minutes / 6);
        int first = minutes >= 60 ? 5 : 2;
        List<Fault> faults = new ArrayList<>();
        Kind[] kinds = Kind.values();
        for (int m = first, i = 0; m <= minutes - 2; m += every, i++) {
            faults.add(new Fault(m, kinds[i % kinds.length]));
        }
        return new FaultSchedule(minutes, every, first, List.copyOf(faults));
    }

    Optional<Fault> at(int minute) {
        return faults.stream().filter(f -> f.minute() == minute).findFirst();
    }

    @Override
    public String toString() {
        if (faults.isEmpty()) {
            return "no faults (a run needs at least 4 minutes for one)";
        }
        StringBuilder s = new StringBuilder();
        for (Fault f : faults) {
            s.append(s.length() == 0 ? "" : "; ").append("minute ").append(f.minute()).append(": ").append(f.kind().label);
        }
        return s.toString();
    }
}
