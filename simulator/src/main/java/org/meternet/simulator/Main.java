package org.meternet.simulator;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The simulator's command line: {@code demo} runs the walking-skeleton story and prints it. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        if (args.length == 0 || args[0].equals("--help")) {
            System.out.println("usage: simulator demo [--keycloak URL] [--gateway URL] [--broker-port N] [--broker-tls-port N] [--ca FILE]");
            return;
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        Endpoints endpoints = new Endpoints(opts.getOrDefault("keycloak", "http://127.0.0.1:8180"),
                opts.getOrDefault("gateway", "http://127.0.0.1:8080"), "127.0.0.1",
                Integer.parseInt(opts.getOrDefault("broker-port", "1884")),
                Integer.parseInt(opts.getOrDefault("broker-tls-port", "8883")),
                Path.of(opts.getOrDefault("ca", "var/pki/device-ca.crt")));
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
