package org.meternet.simulator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The simulator's command line: {@code demo} runs the walking-skeleton story and prints it. */
public final class Main {
    private static Map<String, String> options = Map.of();

    private Main() {
    }

    static int bench(String[] args, Endpoints endpoints) {
        String name = options.getOrDefault("name", "");
        boolean quick = options.containsKey("quick");
        // generous: about twice what a full run takes here
        int minutes = switch (name) {
            case "installations", "ingest" -> 30;
            case "reports", "backlog" -> 40;
            case "soak" -> Integer.parseInt(options.getOrDefault("minutes", "60")) + 30;
            default -> 20;
        };
        org.meternet.simulator.bench.Deadline.watch(name,
                java.time.Duration.ofMinutes(Long.parseLong(options.getOrDefault("deadline-minutes", String.valueOf(minutes)))));
        try {
            switch (name) {
                case "installations":
                    return new org.meternet.simulator.bench.InstallationsBench(endpoints,
                            options.getOrDefault("service", "http://127.0.0.1:8081"),
                            options.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/meternet_installation?user=postgres"),
                            quick).run();
                case "reports":
                    return new org.meternet.simulator.bench.ReportsBench(endpoints,
                            options.getOrDefault("service", "http://127.0.0.1:18083"),
                            options.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/meternet_reporting_bench?user=postgres"),
                            quick).run();
                case "gateway":
                    return new org.meternet.simulator.bench.GatewayBench(endpoints, quick,
                            Integer.parseInt(options.getOrDefault("rate", "500"))).run();
                case "ingest":
                    return new org.meternet.simulator.bench.IngestBench(endpoints,
                            options.getOrDefault("installation", "http://127.0.0.1:8081"),
                            options.getOrDefault("messaging", "http://127.0.0.1:8082"),
                            options.getOrDefault("messaging-jdbc", "jdbc:postgresql://127.0.0.1:5432/meternet_messaging?user=postgres"),
                            quick).run();
                case "soak":
                    return new org.meternet.simulator.bench.SoakBench(endpoints, soakServices(),
                            options.getOrDefault("jdbc", "jdbc:postgresql://127.0.0.1:5432/"),
                            Path.of(options.getOrDefault("var", "var")), Path.of(options.getOrDefault("launcher", "bin/meternet")),
                            Integer.parseInt(options.getOrDefault("minutes", "60"))).run();
                case "backlog":
                    return new org.meternet.simulator.bench.BacklogBench(Path.of(options.getOrDefault("root", ".")),
                            endpoints.keycloakUrl(), Path.of(options.getOrDefault("logs", "var/log")), quick).run();
                default:
                    System.err.println("no benchmark named '" + name + "'");
                    return 2;
            }
        } catch (Exception e) {
            System.err.println("benchmark failed: " + e);
            return 1;
        }
    }

    /** The four services' API addresses, as bin/meternet runs them. */
    private static Map<String, String> soakServices() {
        Map<String, String> services = new java.util.LinkedHashMap<>();
        services.put("installation-service", options.getOrDefault("installation", "http://127.0.0.1:8081"));
        services.put("messaging-service", options.getOrDefault("messaging", "http://127.0.0.1:8082"));
        services.put("reporting-service", options.getOrDefault("reporting", "http://127.0.0.1:8083"));
        services.put("meter-gateway", options.getOrDefault("gateway", "http://127.0.0.1:8080"));
        return services;
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: simulator demo [--keycloak URL] [--gateway URL] [--broker-port N] [--broker-tls-port N] [--ca FILE]");
            return;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i < args.length; i++) {
            if (!args[i].startsWith("--")) {
                opts.put("name", args[i]);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                opts.put(args[i].substring(2), args[++i]);
            } else {
                opts.put(args[i].substring(2), "true");
            }
        }
        options = opts;
        Endpoints endpoints = new Endpoints(opts.getOrDefault("keycloak", "http://127.0.0.1:8180"),
                opts.getOrDefault("gateway", "http://127.0.0.1:8080"), "127.0.0.1",
                Integer.parseInt(opts.getOrDefault("broker-port", "1884")),
                Integer.parseInt(opts.getOrDefault("broker-tls-port", "8883")),
                Path.of(opts.getOrDefault("ca", "var/pki/device-ca.crt")));
        if (args[0].equals("bench")) {
            System.exit(bench(args, endpoints));
        }
        if (!args[0].equals("demo")) {
            System.err.println("unknown command " + args[0]);
            System.exit(2);
        }
        DemoScenario demo = new DemoScenario(endpoints, line -> System.out.println("  - " + line));
        try {
            DemoScenario.Story story = demo.run();
            System.out.println();
            System.out.println("  The walking skeleton worked end to end:");
            System.out.printf("    meter %s with hub %s at %s (%s)%n", story.esmeId(), story.chfId(), story.postcode(),
                    story.localAuthorityName());
            System.out.printf("    commissioned SMETS2 meters in %s: %d -> %d%n", story.localAuthorityName(),
                    story.metersBefore(), story.metersAfter());
            System.out.printf("    reading %s stored and returned: %s Wh%n", story.readingMessageId(),
                    story.readingReturned().get("importWh").asText());
            System.out.printf("    refused: other supplier %d %s, no token %d, network operator commissioning %d %s, "
                    + "illegal transition %d %s, forged hub topic %s%n",
                    story.otherSupplierReading().status(), story.otherSupplierReading().code(), story.noTokenReading().status(),
                    story.networkOperatorCommission().status(), story.networkOperatorCommission().code(),
                    story.illegalTransition().status(), story.illegalTransition().code(),
                    story.forgedTopicDropped() ? "dropped by the broker" : "NOT dropped");
            System.out.println("    " + org.meternet.platform.reference.ReferenceData.ATTRIBUTION);
        } catch (RuntimeException e) {
            System.err.println("demo failed: " + e.getMessage());
            System.exit(1);
        } finally {
            demo.close();
        }
        System.exit(0);
    }
}
