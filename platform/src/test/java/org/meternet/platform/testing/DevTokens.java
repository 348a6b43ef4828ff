package org.meternet.platform.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.meternet.platform.event.EventCodec;

/**
 * Real access tokens from the development Keycloak (client credentials; secrets "dev-&lt;client&gt;"),
 * for component tests that check authorization the way production does.
 */
public final class DevTokens {
    public static final String SUPPLIER = "bright-energy-api";          // IS, GS; org bright-energy
    public static final String OTHER_SUPPLIER = "volt-supply-api";      // IS; org volt-supply
    public static final String NETWORK_OPERATOR = "em-networks-api";    // ED; distribution area 11
    public static final String OTHER_NETWORK_OPERATOR = "north-networks-api"; // ED; distribution area 23
    public static final String OTHER_AUDIENCE = "other-audience-api";  // IS; bright-energy, but for another API
    public static final String SHORT_LIVED = "short-lived-api";        // IS; bright-energy, tokens live 10 s
    public static final String OPERATOR = "meternet-ops-api";           // operator
    public static final String PLATFORM = "meternet-services";          // platform-service

    private static final String KEYCLOAK = System.getProperty("meternet.keycloak", "http://127.0.0.1:8180");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private DevTokens() {
    }

    /** A token for the client, fetched once per test run (they live five minutes). */
    public static String of(String clientId) {
        return CACHE.computeIfAbsent(clientId, DevTokens::fetch);
    }

    private static String fetch(String clientId) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/meternet/protocol/openid-connect/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + clientId
                            + "&client_secret=dev-" + clientId))
                    .build();
            HttpResponse<String> resp = HTTP.send(req, HttpResponse.BodyHandlers.ofString());
            if (resp.statusCode() != 200) {
                throw new IllegalStateException("Keycloak at " + KEYCLOAK + " refused " + clientId + ": " + resp.body()
                        + " (is `bin/meternet infra up` running?)");
            }
            JsonNode body = EventCodec.MAPPER.readTree(resp.body());
            return body.get("access_token").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Keycloak at " + KEYCLOAK + " is not reachable: run `bin/meternet infra up`", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
