package org.meternet.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.meternet.platform.event.EventCodec;

/** A plain HTTP client for the public API and Keycloak, as a supplier's integration would use them. */
public final class Api {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final Endpoints endpoints;

    public Api(Endpoints endpoints) {
        this.endpoints = endpoints;
    }

    public record Reply(int status, JsonNode body) {
        public String code() {
            return body != null && body.has("code") ? body.get("code").asText() : null;
        }

        public String text(String field) {
            return body != null && body.has(field) ? body.get(field).asText() : null;
        }
    }

    /** An access token for a machine client (OAuth 2.0 client credentials). */
    public String token(String clientId, String secret) {
        String form = "grant_type=client_credentials&client_id=" + enc(clientId) + "&client_secret=" + enc(secret);
        HttpRequest req = HttpRequest.newBuilder(URI.create(endpoints.keycloakUrl() + "/realms/meternet/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Reply r = send(req);
        if (r.status() != 200) {
            throw new IllegalStateException("Keycloak refused a token to " + clientId + ": " + r.status() + " " + r.body());
        }
        return r.text("access_token");
    }

    /** Development clients of the realm use the secret "dev-&lt;clientId&gt;". */
    public String devToken(String clientId) {
        return token(clientId, "dev-" + clientId);
    }

    public Reply get(String token, String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoints.gatewayUrl() + path)).timeout(Duration.ofSeconds(15)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public Reply post(String token, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(endpoints.gatewayUrl() + path))
                    .timeout(Duration.ofSeconds(15))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(EventCodec.MAPPER.writeValueAsBytes(body)));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            return send(b.build());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Reply send(HttpRequest req) {
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            JsonNode body = resp.body().length == 0 ? null : EventCodec.MAPPER.readTree(resp.body());
            return new Reply(resp.statusCode(), body);
        } catch (IOException e) {
            throw new IllegalStateException(req.method() + " " + req.uri() + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
