package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Webhooks must not become a way into the platform's own network: a supplier registering a URL that points at the
 * services, the identity provider, the cloud's metadata address or any private range, in any spelling, is refused,
 * and nothing is stored. The running gateway in its production profile (https only).
 */
class WebhookSsrfIT {
    static final List<String> INSIDE = List.of(
            "http://127.0.0.1:8081/api/v1/devices", "https://127.0.0.1:8081/api/v1/devices", "https://localhost:8180/admin/realms/meternet",
            "https://169.254.169.254/latest/meta-data/", "https://[::1]/", "https://0x7f000001/", "https://2130706433/",
            "https://017700000001/", "https://127.1/", "https://10.0.0.5/hook", "https://192.168.1.1/", "https://172.16.0.1/",
            "https://100.64.0.1/", "https://[fd00::1]/", "https://[fe80::1]/", "https://[::ffff:127.0.0.1]/", "https://0.0.0.0/",
            "https://user:pass@example.com/", "https://example.com@127.0.0.1/", "file:///etc/passwd", "gopher://127.0.0.1:1884/");

    static Estate estate;

    @BeforeAll
    static void load() {
        estate = Estate.create();
    }

    @Test
    void aWebhookPointingInsideIsRefusedWhateverItsSpelling() {
        List<String> taken = new ArrayList<>();
        for (String url : INSIDE) {
            byte[] body = ("{\"url\":\"" + url + "\"}").getBytes(StandardCharsets.UTF_8);
            RawHttp.Reply r = RawHttp.send(Estate.GATEWAY, "POST", "/api/v1/alerts/webhooks", estate.owner.token(), null, body);
            if (r.status() != 400 || !"url".equals(r.field("field"))) {
                taken.add(url + ": " + r);
            }
        }
        assertThat(taken).as("inside targets not refused with 400 on url").isEmpty();
        RawHttp.Reply list = RawHttp.send(Estate.GATEWAY, "GET", "/api/v1/alerts/webhooks", estate.owner.token(), null, null);
        for (String url : INSIDE) {
            assertThat(list.body()).doesNotContain(url);
        }
    }
}
