package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A fuzz test of the public API driven by its OpenAPI document: for every operation, requests with parameters and
 * bodies generated from the declared types and schemas, then bent (edge numbers, hostile strings, missing and extra
 * members, wrong types), sent by callers of every kind. Bounded (rounds per operation and a deadline), seeded and so
 * reproducible: {@code -Dmeternet.fuzz.seed=N} replays a run, and every failure is printed with its seed and request.
 * No request may be answered with a 5xx.
 */
class PublicApiFuzzIT {
    static final long SEED = Long.getLong("meternet.fuzz.seed", 20261130L);
    static final int ROUNDS = Integer.getInteger("meternet.fuzz.rounds", 150);
    static final Duration DEADLINE = Duration.ofSeconds(Long.getLong("meternet.fuzz.seconds", 150L));

    static final List<String> STRINGS = List.of("", " ", "a", "COMMISSIONED", "SUSPENDED", "ESME", "CHF", "IS", "csv", "json",
            "installation", "gateway", "region", "E07000033", "E12000004", "S44 6JJ", "GIR 0AA", "2020-02-26", "2020-02-30",
            "2026-11-30T00:00:00Z", "9999-12-31T23:59:59Z", "-1", "1e309", "null", "true", "'; drop table device;--",
            "../../etc/passwd", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "\u0000", "\r\nX-Injected: 1",
            "\uD83D\uDCA1", "\u202E", "%00", "%2F..%2F", "00-DB-00-00-00-00-00-00", "bright-energy:00-DB-00-00-00-00-00-00:1",
            "1100000000017", "2499999999990", "http://127.0.0.1:8081/", "https://169.254.169.254/latest/meta-data");
    static final List<String> NUMBERS = List.of("0", "1", "-1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
            "9223372036854775808", "1.5", "1e309", "-0", "NaN", "abc", "");

    static Estate estate;
    static List<ApiDocument> documents;
    /** Each document by the port it was read from, to follow a schema's references in its own document. */
    static final Map<Integer, JsonNode> ROOTS = new java.util.HashMap<>();

    @BeforeAll
    static void load() {
        estate = Estate.create();
        documents = new ArrayList<>(Estate.services().values());
        documents.add(0, ApiDocument.load("meter-gateway", Estate.GATEWAY));
        documents.forEach(d -> ROOTS.put(d.port(), d.root()));
    }

    @Test
    void noGeneratedRequestIsAnsweredWithA5xx() {
        Random random = new Random(SEED);
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        List<String> failures = new ArrayList<>();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int sent = 0;
        System.out.printf("fuzzing the public API and the services behind it: seed %d, %d rounds per operation, at most %d s%n",
                SEED, ROUNDS, DEADLINE.toSeconds());
        outer:
        for (int round = 0; round < ROUNDS; round++) {
            for (ApiDocument doc : documents) {
                for (ApiDocument.Op op : doc.operations()) {
                    if (System.nanoTime() > deadline) {
                        System.out.printf("deadline reached in round %d%n", round);
                        break outer;
                    }
                    if (op.isStream()) {
                        continue;
                    }
                    Estate.Org caller = pick(random, estate.everyone());
                    String target = target(random, op);
                    byte[] body = op.hasBody() ? body(random, op) : null;
                    RawHttp.Reply r = RawHttp.send(op.port(), op.method(), target, random.nextInt(20) == 0 ? null : caller.token(),
                            Estate.contentType(op), body);
                    sent++;
                    statuses.merge(r.status(), 1, Integer::sum);
                    if (r.status() >= 500) {
                        failures.add(String.format("seed %d round %d: %s %s on :%d as %s%s -> %s", SEED, round, op.method(), target,
                                op.port(), caller, body == null ? "" : " body " + abbreviated(new String(body, StandardCharsets.UTF_8)), r));
                    }
                }
            }
            if (round % 5 == 4) {
                System.out.printf("  round %d: %d requests, statuses %s%n", round + 1, sent, statuses);
            }
        }
        System.out.printf("fuzz: %d requests, statuses %s, %d answered with a 5xx%n", sent, statuses, failures.size());
        failures.stream().limit(20).forEach(System.out::println);
        assertThat(sent).isGreaterThan(500);
        assertThat(failures).as("requests answered with a 5xx (rerun with -Dmeternet.fuzz.seed=" + SEED + ")").isEmpty();
    }

    static String target(Random random, ApiDocument.Op op) {
        String path = op.path();
        for (ApiDocument.Param p : op.pathParams()) {
            // a third of the time what the estate owns, else a hostile string
            String value = random.nextInt(3) == 0 ? estate.sample(p.name()) : Estate.encode(string(random));
            path = path.replace("{" + p.name() + "}", value);
        }
        StringBuilder query = new StringBuilder();
        for (ApiDocument.Param p : op.queryParams()) {
            if (random.nextBoolean()) {
                String value = p.numeric() ? pick(random, NUMBERS) : "boolean".equals(p.type()) ? pick(random, List.of("true", "false", "yes", ""))
                        : string(random);
                query.append(query.isEmpty() ? "?" : "&").append(p.name()).append('=').append(Estate.encode(value));
            }
        }
        return path + query;
    }

    static byte[] body(Random random, ApiDocument.Op op) {
        if (!Estate.contentType(op).equals("application/json")) {
            StringBuilder lines = new StringBuilder();
            for (int i = random.nextInt(4); i > 0; i--) {
                lines.append(random.nextBoolean() ? String.valueOf(ApiDocument.example(op)) : string(random)).append('\n');
            }
            return lines.toString().getBytes(StandardCharsets.UTF_8);
        }
        JsonNode schema = HostileInputIT.schemaOf(op);
        JsonNode value = schema == null ? ApiDocument.example(op) : generate(random, schema, ROOTS.get(op.port()), 0);
        if (value == null) {
            value = JsonNodeFactory.instance.objectNode();
        }
        String json = value.toString();
        return switch (random.nextInt(12)) {
            case 0 -> json.substring(0, json.length() / 2).getBytes(StandardCharsets.UTF_8);
            case 1 -> ("[" + json + "]").getBytes(StandardCharsets.UTF_8);
            case 2 -> string(random).getBytes(StandardCharsets.UTF_8);
            default -> json.getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A value for a schema: mostly of its type, sometimes not, now and then null or an extra member. */
    static JsonNode generate(Random random, JsonNode schema, JsonNode root, int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        String ref = schema.path("$ref").asText(null);
        JsonNode s = ref == null ? schema : root.at(ref.substring(1));
        if (random.nextInt(20) == 0 || depth > 4) {
            return f.nullNode();
        }
        if (s.has("enum") && random.nextInt(3) > 0) {
            return s.get("enum").get(random.nextInt(s.get("enum").size()));
        }
        String type = random.nextInt(10) == 0 ? pick(random, List.of("string", "integer", "object", "array", "boolean"))
                : s.path("type").asText("object");
        switch (type) {
            case "object" -> {
                ObjectNode o = f.objectNode();
                s.path("properties").properties().forEach(e -> {
                    if (random.nextInt(5) > 0) {
                        o.set(e.getKey(), generate(random, e.getValue(), root, depth + 1));
                    }
                });
                if (random.nextInt(8) == 0) {
                    o.put(string(random), string(random));
                }
                return o;
            }
            case "array" -> {
                ArrayNode a = f.arrayNode();
                for (int i = random.nextInt(4); i > 0; i--) {
                    a.add(generate(random, s.path("items"), root, depth + 1));
                }
                return a;
            }
            case "integer", "number" -> {
                String n = pick(random, List.of("0", "1", "-1", "2147483648", "9223372036854775807", "9223372036854775808", "1e400", "1.5"));
                return f.rawValueNode(new com.fasterxml.jackson.databind.util.RawValue(n));
            }
            case "boolean" -> {
                return f.booleanNode(random.nextBoolean());
            }
            default -> {
                String name = s.path("format").asText("");
                return f.textNode(name.equals("date-time") && random.nextBoolean() ? "2020-02-26T09:30:00Z" : string(random));
            }
        }
    }

    static String string(Random random) {
        return switch (random.nextInt(10)) {
            case 0 -> "x".repeat(1 + random.nextInt(5000));
            case 1 -> pick(random, List.of(estate.meterId, estate.hubId, estate.mpan, estate.premisesId, estate.requestId));
            default -> pick(random, STRINGS);
        };
    }

    static <T> T pick(Random random, List<T> list) {
        return list.get(random.nextInt(list.size()));
    }

    static String abbreviated(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "...(" + s.length() + ")" : s;
    }
}
