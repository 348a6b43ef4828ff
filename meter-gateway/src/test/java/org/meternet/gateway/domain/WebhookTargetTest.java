package org.meternet.gateway.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.meternet.gateway.domain.OutboundAddressPolicy.Reason;
import org.meternet.gateway.domain.OutboundAddressPolicy.Refused;

/** The webhook SSRF guard: which URLs and addresses the gateway may POST alerts to. No lookup leaves the test. */
class WebhookTargetTest {
    /** Production's rules, with the cluster's ranges of a typical cluster denied too (as configuration would). */
    static final OutboundAddressPolicy PROD = new OutboundAddressPolicy(true, Set.of(443), List.of("10.96.0.0/12", "44.0.0.0/16", "2600:1f00::/32"),
            List.of(), OutboundAddressPolicy.DEFAULT_MAX_URL_LENGTH);
    /** Development's: http and port 80 too, still no inside address. */
    static final OutboundAddressPolicy DEV = new OutboundAddressPolicy(false, Set.of(443, 80), List.of(), List.of(), 2048);

    /** A resolver that knows a few names and fails the test for any other. */
    static final Map<String, List<String>> DNS = Map.of(
            "example.com", List.of("93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"),
            "hooks.example.net", List.of("93.184.216.34"),
            "internal.example.net", List.of("10.0.0.7"),
            "mixed.example.net", List.of("93.184.216.34", "127.0.0.1"),
            "metadata.example.net", List.of("169.254.169.254"),
            "pods.example.net", List.of("44.0.3.9"),
            "six.example.net", List.of("fd12:3456::1"),
            "localhost", List.of("127.0.0.1", "::1"));

    static InetAddress[] resolve(String host) throws UnknownHostException {
        List<String> found = DNS.get(host.endsWith(".") ? host.substring(0, host.length() - 1) : host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        InetAddress[] out = new InetAddress[found.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = InetAddress.getByAddress(host, OutboundAddressPolicy.literal(found.get(i)));
        }
        return out;
    }

    static Reason refusal(OutboundAddressPolicy policy, String url) {
        try {
            policy.resolve(policy.target(url), WebhookTargetTest::resolve);
            return null;
        } catch (Refused e) {
            assertThat(e.getMessage()).as("detail of %s", url).doesNotContain("93.184", "10.0.0.7", "169.254.169.254", "127.0.0.1");
            return e.reason();
        }
    }

    @ParameterizedTest(name = "{0} refused: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            https://127.0.0.1/hook                          | ADDRESS
            https://127.255.255.254/hook                    | ADDRESS
            https://localhost/hook                          | ADDRESS
            https://LOCALHOST./hook                         | ADDRESS
            https://[::1]/hook                              | ADDRESS
            https://[0:0:0:0:0:0:0:1]/hook                  | ADDRESS
            https://0.0.0.0/hook                            | ADDRESS
            https://[::]/hook                               | ADDRESS
            https://169.254.169.254/latest/meta-data/       | ADDRESS
            https://metadata.example.net/latest/meta-data/  | ADDRESS
            https://[fe80::1]/hook                          | ADDRESS
            https://10.0.0.1/hook                           | ADDRESS
            https://172.16.0.1/hook                         | ADDRESS
            https://172.31.255.255/hook                     | ADDRESS
            https://192.168.1.1/hook                        | ADDRESS
            https://100.64.0.1/hook                         | ADDRESS
            https://100.127.255.254/hook                    | ADDRESS
            https://[fc00::1]/hook                          | ADDRESS
            https://[fd12:3456::1]/hook                     | ADDRESS
            https://six.example.net/hook                    | ADDRESS
            https://224.0.0.1/hook                          | ADDRESS
            https://239.255.255.250/hook                    | ADDRESS
            https://[ff02::1]/hook                          | ADDRESS
            https://255.255.255.255/hook                    | ADDRESS
            https://240.0.0.1/hook                          | ADDRESS
            https://192.0.2.10/hook                         | ADDRESS
            https://198.18.0.1/hook                         | ADDRESS
            https://[fec0::1]/hook                          | ADDRESS
            https://[::ffff:127.0.0.1]/hook                 | ADDRESS
            https://[::ffff:7f00:1]/hook                    | ADDRESS
            https://[::ffff:169.254.169.254]/hook           | ADDRESS
            https://[::ffff:10.0.0.1]/hook                  | ADDRESS
            https://[::127.0.0.1]/hook                      | ADDRESS
            https://[::7f00:1]/hook                         | ADDRESS
            https://[::ffff:0:7f00:1]/hook                  | ADDRESS
            https://[64:ff9b::127.0.0.1]/hook               | ADDRESS
            https://[64:ff9b::a9fe:a9fe]/hook               | ADDRESS
            https://[64:ff9b::192.168.0.1]/hook             | ADDRESS
            https://[64:ff9b:1::1]/hook                     | ADDRESS
            https://[2002:7f00:1::]/hook                    | ADDRESS
            https://[2002:a00:1::1]/hook                    | ADDRESS
            https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/x | ADDRESS
            https://[2001:db8::1]/hook                      | ADDRESS
            https://[100::1]/hook                           | ADDRESS
            https://internal.example.net/hook               | ADDRESS
            https://mixed.example.net/hook                  | ADDRESS
            https://10.100.0.1/hook                         | ADDRESS
            https://44.0.3.9/hook                           | ADDRESS
            https://pods.example.net/hook                   | ADDRESS
            https://[2600:1f00::5]/hook                     | ADDRESS
            https://[64:ff9b::44.0.3.9]/hook                | ADDRESS
            https://0x7f000001/hook                         | NUMERIC_FORM
            https://0X7F000001/hook                         | NUMERIC_FORM
            https://2130706433/hook                         | NUMERIC_FORM
            https://017700000001/hook                       | NUMERIC_FORM
            https://127.1/hook                              | NUMERIC_FORM
            https://127.0.1/hook                            | NUMERIC_FORM
            https://0177.0.0.1/hook                         | NUMERIC_FORM
            https://127.0.0.01/hook                         | NUMERIC_FORM
            https://0x7f.0.0.1/hook                         | NUMERIC_FORM
            https://1.2.3.4.5/hook                          | NUMERIC_FORM
            https://0/hook                                  | NUMERIC_FORM
            https://3627734562/hook                         | NUMERIC_FORM
            https://127.0.0.1:8081/api/v1/devices           | PORT
            https://example.com:8443/hook                   | PORT
            https://93.184.216.34:8180/admin/realms         | PORT
            https://example.com:80/hook                     | PORT
            http://example.com/hook                         | SCHEME
            http://127.0.0.1:8081/hook                      | SCHEME
            ftp://example.com/hook                          | SCHEME
            file:///etc/passwd                              | SCHEME
            gopher://example.com:443/_hook                  | SCHEME
            jar:https://example.com!/x                      | SCHEME
            javascript:alert(1)                             | SCHEME
            https://user:secret@example.com/hook            | USERINFO
            https://user@example.com/hook                   | USERINFO
            https://example.com@127.0.0.1/hook              | USERINFO
            https://@example.com/hook                       | USERINFO
            https://[fe80::1%25eth0]/hook                   | MALFORMED
            https:///hook                                   | MALFORMED
            /relative/hook                                  | MALFORMED
            https://exa mple.com/hook                       | MALFORMED
            https://bad_host.example.com/hook               | MALFORMED
            https://nowhere.example.org/hook                | UNRESOLVED
            """)
    void refused(String url, Reason reason) {
        assertThat(refusal(PROD, url)).as(url).isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0} accepted")
    @ValueSource(strings = {
        "https://example.com/hook",
        "https://example.com:443/hook",
        "https://EXAMPLE.com/hook?token=abc&x=1",
        "https://example.com./hook",
        "https://hooks.example.net/alerts#ignored",
        "https://93.184.216.34/x",
        "https://8.8.8.8/x",
        "https://172.32.0.1/x",
        "https://100.128.0.1/x",
        "https://[2606:2800:220:1:248:1893:25c8:1946]/x",
        "https://[64:ff9b::93.184.216.34]/x",
        "https://[2002:5db8:d822::1]/x",
        "HTTPS://example.com/hook",
    })
    void accepted(String url) {
        assertThat(refusal(PROD, url)).as(url).isNull();
    }

    @Test
    void developmentAllowsHttpOnPort80ButNoInsideAddress() {
        assertThat(refusal(DEV, "http://example.com/hook")).isNull();
        assertThat(refusal(DEV, "http://example.com:80/hook")).isNull();
        assertThat(refusal(DEV, "http://127.0.0.1/hook")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(DEV, "http://localhost/hook")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(DEV, "http://127.0.0.1:18182/hook")).isEqualTo(Reason.PORT);
        assertThat(refusal(DEV, "http://0x7f000001/hook")).isEqualTo(Reason.NUMERIC_FORM);
        assertThat(refusal(DEV, "http://example.com:8080/hook")).isEqualTo(Reason.PORT);
    }

    @Test
    void anAllowanceLetsThroughExactlyItsAddressAndPort() {
        OutboundAddressPolicy test = new OutboundAddressPolicy(false, Set.of(443, 80), List.of(), List.of("127.0.0.1:18182", "[::1]:18183"), 2048);
        assertThat(test.hasAllowances()).isTrue();
        assertThat(refusal(test, "http://127.0.0.1:18182/alerts")).isNull();
        assertThat(refusal(test, "http://[::1]:18183/alerts")).isNull();
        assertThat(refusal(test, "http://127.0.0.1:18183/alerts")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(test, "http://127.0.0.2:18182/alerts")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(test, "http://127.0.0.1/alerts")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(test, "http://127.0.0.1:8081/alerts")).isEqualTo(Reason.PORT);
        assertThat(refusal(test, "http://example.com:18182/alerts")).isEqualTo(Reason.PORT);
        assertThat(refusal(test, "http://2130706433:18182/alerts")).as("odd forms stay refused").isEqualTo(Reason.NUMERIC_FORM);
        assertThatThrownBy(() -> new OutboundAddressPolicy(false, Set.of(), List.of(), List.of("localhost:80"), 2048))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlyLongUrlsAreRefused() {
        String base = "https://example.com/";
        assertThat(refusal(PROD, base + "a".repeat(OutboundAddressPolicy.DEFAULT_MAX_URL_LENGTH - base.length()))).isNull();
        assertThat(refusal(PROD, base + "a".repeat(OutboundAddressPolicy.DEFAULT_MAX_URL_LENGTH - base.length() + 1))).isEqualTo(Reason.TOO_LONG);
        assertThat(refusal(PROD, null)).isEqualTo(Reason.MALFORMED);
        assertThat(refusal(PROD, " ")).isEqualTo(Reason.MALFORMED);
    }

    @Test
    void theTargetSaysWhatToConnectToAndWhatToCallIt() throws Refused {
        WebhookTarget t = PROD.target("https://Hooks.Example.net/a/b%20c?x=1#frag");
        assertThat(t.host()).isEqualTo("hooks.example.net");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.https()).isTrue();
        assertThat(t.requestUri()).isEqualTo("/a/b%20c?x=1");
        assertThat(t.authority()).isEqualTo("hooks.example.net");
        assertThat(t.isLiteral()).isFalse();
        List<InetAddress> to = PROD.resolve(t, WebhookTargetTest::resolve);
        assertThat(to).extracting(InetAddress::getHostAddress).containsExactly("93.184.216.34");
        assertThat(to.get(0).toString()).as("a bare address: nothing downstream resolves the name again").startsWith("/");

        WebhookTarget v6 = DEV.target("http://[2606:2800:220:1:248:1893:25c8:1946]:80");
        assertThat(v6.requestUri()).isEqualTo("/");
        assertThat(v6.authority()).isEqualTo("[2606:2800:220:1:248:1893:25c8:1946]");
        assertThat(v6.isLiteral()).isTrue();
        assertThat(PROD.target("https://93.184.216.34/x").literal().getHostAddress()).isEqualTo("93.184.216.34");
    }

    @Test
    void aNameIsResolvedOnceAndEveryAddressChecked() throws Refused {
        int[] lookups = {0};
        String[] answer = {"93.184.216.34"};
        OutboundAddressPolicy.Resolver rebinding = host -> {
            lookups[0]++;
            return new InetAddress[] {InetAddress.getByAddress(host, OutboundAddressPolicy.literal(answer[0]))};
        };
        WebhookTarget t = PROD.target("https://rebind.example.net/hook");
        assertThat(lookups[0]).as("parsing makes no lookup").isZero();
        assertThat(PROD.resolve(t, rebinding)).hasSize(1);
        assertThat(lookups[0]).isEqualTo(1);
        answer[0] = "127.0.0.1"; // the name now points inside: the next delivery's check sees it
        assertThatThrownBy(() -> PROD.resolve(t, rebinding)).isInstanceOf(Refused.class)
                .extracting(e -> ((Refused) e).reason()).isEqualTo(Reason.ADDRESS);
        assertThat(lookups[0]).isEqualTo(2);
        WebhookTarget literal = PROD.target("https://93.184.216.34/x");
        PROD.resolve(literal, host -> {
            throw new AssertionError("an address is not looked up");
        });
    }

    @Test
    void deniedNetworksAreCheckedInTheirIpv4AndIpv6Forms() {
        OutboundAddressPolicy policy = new OutboundAddressPolicy(true, Set.of(443), List.of("44.0.0.0/16", "2600:1f00::/32", "93.184.216.35"), List.of(), 2048);
        assertThat(refusal(policy, "https://44.0.255.255/x")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(policy, "https://44.1.0.0/x")).isNull();
        assertThat(refusal(policy, "https://93.184.216.35/x")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(policy, "https://93.184.216.34/x")).isNull();
        assertThat(refusal(policy, "https://[::ffff:44.0.0.1]/x")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(policy, "https://[2002:2c00:1::1]/x")).isEqualTo(Reason.ADDRESS);
        assertThat(refusal(policy, "https://[2600:1f00:0:1::9]/x")).isEqualTo(Reason.ADDRESS);
        assertThatThrownBy(() -> OutboundAddressPolicy.Network.parse("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OutboundAddressPolicy.Network.parse("cluster.local/8")).isInstanceOf(IllegalArgumentException.class);
        assertThat(OutboundAddressPolicy.Network.parse("10.96.0.0/12")).hasToString("10.96.0.0/12");
    }
    @Test
    void aFailureIsReportedAsItsKindOnly() {
        assertThat(WebhookFailure.of(new java.net.ConnectException("Connection refused: /127.0.0.1:8081"))).isEqualTo("connection refused");
        assertThat(WebhookFailure.of(new RuntimeException("wrapped", new java.net.ConnectException("Connection refused: /10.0.0.5:5432"))))
                .isEqualTo("connection refused");
        assertThat(WebhookFailure.of(new io.netty.channel.ConnectTimeoutException("connection timed out: /10.1.2.3:8443"))).isEqualTo("timed out");
        assertThat(WebhookFailure.of(new java.util.concurrent.TimeoutException("The timeout period of 5000ms has been exceeded while executing "
                + "POST /x for server 10.0.0.1:443"))).isEqualTo("timed out");
        assertThat(WebhookFailure.of(new javax.net.ssl.SSLHandshakeException("No subject alternative DNS name matching internal"))).isEqualTo("TLS handshake failed");
        assertThat(WebhookFailure.of(new java.net.UnknownHostException("keycloak.meternet.svc"))).isEqualTo("host not found");
        assertThat(WebhookFailure.of(new Refused(Reason.ADDRESS, "loopback"))).isEqualTo("address not allowed");
        assertThat(WebhookFailure.of(new Refused(Reason.UNRESOLVED, "no"))).isEqualTo("host not found");
        assertThat(WebhookFailure.of(new Refused(Reason.PORT, "no"))).isEqualTo("URL not allowed");
        assertThat(WebhookFailure.of(new IllegalStateException("10.0.0.5:8080 answered: secret body"))).isEqualTo("delivery failed");
        assertThat(WebhookFailure.status(500)).isEqualTo("HTTP 500 from the receiver");
        assertThat(WebhookFailure.status(302)).isEqualTo("HTTP 302 from the receiver (redirects are not followed)");
        assertThat(WebhookFailure.shown("HTTP 503 from the receiver")).isEqualTo("HTTP 503 from the receiver");
        assertThat(WebhookFailure.shown("connection refused")).isEqualTo("connection refused");
        assertThat(WebhookFailure.shown("io.vertx.core.VertxException: Connection refused: 127.0.0.1/127.0.0.1:8081"))
                .as("a lastError stored before these rules").isEqualTo("delivery failed");
        assertThat(WebhookFailure.shown("answered 401")).isEqualTo("delivery failed");
        assertThat(WebhookFailure.shown(null)).isNull();
    }
}
