package org.meternet.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLS;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** What every overlay must keep true, whoever edits it. */
class PlatformInvariantsTest {
    private static final String GATEWAY = "meter-gateway";

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void everyContainerHasRequestsLimitsAndProbes(String overlay) {
        for (Workload w : Workload.of(Rendered.overlay(overlay))) {
            for (Container c : w.containers()) {
                String id = w.name() + "/" + c.getName();
                assertThat(c.getResources()).as("resources of %s", id).isNotNull();
                for (String resource : List.of("cpu", "memory")) {
                    assertThat(c.getResources().getRequests()).as("requests of %s", id).containsKey(resource);
                    assertThat(c.getResources().getLimits()).as("limits of %s", id).containsKey(resource);
                }
                boolean init = w.template().getSpec().getInitContainers() != null && w.template().getSpec().getInitContainers().contains(c);
                if (!init) {
                    assertThat(c.getLivenessProbe()).as("liveness probe of %s", id).isNotNull();
                    assertThat(c.getReadinessProbe()).as("readiness probe of %s", id).isNotNull();
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void theServicesProbeQuarkusHealth(String overlay) {
        for (Workload w : Workload.of(Rendered.overlay(overlay))) {
            if (w.isQuarkusService()) {
                Container c = w.template().getSpec().getContainers().get(0);
                assertThat(c.getLivenessProbe().getHttpGet().getPath()).as(w.name()).isEqualTo("/q/health/live");
                assertThat(c.getReadinessProbe().getHttpGet().getPath()).as(w.name()).isEqualTo("/q/health/ready");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void everyContainerRunsAsNonRootOnAReadOnlyFilesystem(String overlay) {
        for (Workload w : Workload.of(Rendered.overlay(overlay))) {
            PodSecurityContext pod = w.template().getSpec().getSecurityContext();
            assertThat(w.template().getSpec().getHostNetwork()).as("host network of %s", w.name()).isNotEqualTo(Boolean.TRUE);
            for (Container c : w.containers()) {
                String id = w.name() + "/" + c.getName();
                SecurityContext sc = c.getSecurityContext();
                assertThat(sc).as("securityContext of %s", id).isNotNull();
                Boolean nonRoot = sc.getRunAsNonRoot() != null ? sc.getRunAsNonRoot() : pod == null ? null : pod.getRunAsNonRoot();
                Long user = sc.getRunAsUser() != null ? sc.getRunAsUser() : pod == null ? null : pod.getRunAsUser();
                assertThat(nonRoot).as("runAsNonRoot of %s", id).isTrue();
                assertThat(user).as("runAsUser of %s", id).isNotNull().isNotZero();
                assertThat(sc.getReadOnlyRootFilesystem()).as("readOnlyRootFilesystem of %s", id).isTrue();
                assertThat(sc.getAllowPrivilegeEscalation()).as("allowPrivilegeEscalation of %s", id).isFalse();
                assertThat(sc.getCapabilities().getDrop()).as("capabilities dropped by %s", id).contains("ALL");
                assertThat(c.getPorts() == null ? List.of() : c.getPorts()).as("host ports of %s", id)
                        .allSatisfy(p -> assertThat(p.getHostPort()).isNull());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void onlyTheGatewayIsExposed(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<Ingress> ingresses = r.all(Ingress.class);
        assertThat(ingresses).hasSize(1);
        for (Ingress ingress : ingresses) {
            Set<String> tlsHosts = new HashSet<>();
            for (IngressTLS tls : ingress.getSpec().getTls()) {
                assertThat(tls.getSecretName()).isNotBlank();
                tlsHosts.addAll(tls.getHosts());
            }
            assertThat(ingress.getSpec().getDefaultBackend()).isNull();
            for (IngressRule rule : ingress.getSpec().getRules()) {
                assertThat(tlsHosts).as("TLS for %s", rule.getHost()).contains(rule.getHost());
                rule.getHttp().getPaths().forEach(p -> assertThat(p.getBackend().getService().getName()).isEqualTo(GATEWAY));
            }
        }
        for (Service s : r.all(Service.class)) {
            String type = s.getSpec().getType() == null ? "ClusterIP" : s.getSpec().getType();
            if (!type.equals("ClusterIP")) {
                // the one exception: hubs reach the broker's TLS listener from outside
                assertThat(s.getMetadata().getName()).as("a %s Service", type).isEqualTo("broker-devices");
                assertThat(s.getSpec().getPorts()).extracting(ServicePort::getPort).containsExactly(8883);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void networkPoliciesDenyByDefaultAndSelectEveryPod(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<NetworkPolicy> policies = r.all(NetworkPolicy.class);
        assertThat(policies).anySatisfy(p -> {
            assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNullOrEmpty();
            assertThat(p.getSpec().getPodSelector().getMatchExpressions()).isNullOrEmpty();
            assertThat(p.getSpec().getPolicyTypes()).containsExactlyInAnyOrder("Ingress", "Egress");
            assertThat(p.getSpec().getIngress()).isNullOrEmpty();
            assertThat(p.getSpec().getEgress()).isNullOrEmpty();
        });
        for (Workload w : Workload.of(r)) {
            assertThat(policies).as("a NetworkPolicy of its own selecting %s", w.name()).anySatisfy(p -> {
                assertThat(p.getSpec().getPodSelector().getMatchLabels()).isNotEmpty();
                assertThat(w.selectedBy(p.getSpec().getPodSelector())).isTrue();
                assertThat(p.getSpec().getPolicyTypes()).contains("Ingress");
            });
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void theServicesAreReachableOnlyFromTheGatewayAndTheDatabaseOnlyFromTheServices(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Workload> workloads = new HashMap<>();
        Workload.of(r).forEach(w -> workloads.put(w.name(), w));
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            if (p.getSpec().getIngress() == null) {
                continue;
            }
            var selects = p.getSpec().getPodSelector();
            List<NetworkPolicyPeer> from = p.getSpec().getIngress().stream().flatMap(i -> i.getFrom().stream()).toList();
            for (String service : List.of("installation-service", "messaging-service", "reporting-service")) {
                if (workloads.get(service).selectedBy(selects)) {
                    // the gateway; and messaging-service, which reads installation-service's events to rebuild its projection
                    Set<String> allowed = service.equals("installation-service") ? Set.of(GATEWAY, "messaging-service") : Set.of(GATEWAY);
                    assertThat(from).as("who may reach %s (policy %s)", service, p.getMetadata().getName()).allSatisfy(peer -> {
                        assertThat(peer.getNamespaceSelector()).isNull();
                        assertThat(peer.getIpBlock()).isNull();
                        assertThat(workloads.values().stream().filter(w -> w.selectedBy(peer.getPodSelector())).map(Workload::name))
                                .isNotEmpty().allMatch(allowed::contains);
                    });
                }
            }
            boolean database = workloads.containsKey("postgres") && workloads.get("postgres").selectedBy(selects)
                    || selects.getMatchLabels() != null && selects.getMatchLabels().containsKey("cnpg.io/cluster");
            if (database) {
                assertThat(from).as("who may reach the database (policy %s)", p.getMetadata().getName()).allSatisfy(peer -> {
                    assertThat(peer.getIpBlock()).isNull();
                    if (peer.getNamespaceSelector() != null) {
                        // the CloudNativePG operator managing its instances
                        assertThat(peer.getNamespaceSelector().getMatchLabels()).containsEntry("kubernetes.io/metadata.name", "cnpg-system");
                    } else if (!peer.getPodSelector().getMatchLabels().containsKey("cnpg.io/cluster")) {
                        assertThat(workloads.values().stream().filter(w -> w.selectedBy(peer.getPodSelector())))
                                .isNotEmpty().allMatch(w -> w.isQuarkusService() || w.name().equals("keycloak"));
                    }
                });
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void everyConfigurationKeyAWorkloadReferencesExists(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Map<String, Set<String>> configMaps = keys(r, ConfigMap.class, c -> union(c.getData(), c.getBinaryData()));
        Map<String, Set<String>> secrets = keys(r, Secret.class, s -> union(s.getData(), s.getStringData()));
        // a Secret the External Secrets operator will make, with the keys it will hold
        for (GenericKubernetesResource es : r.custom("ExternalSecret")) {
            Map<String, Object> spec = es.get("spec");
            @SuppressWarnings("unchecked") Map<String, Object> target = (Map<String, Object>) spec.get("target");
            @SuppressWarnings("unchecked") List<Map<String, Object>> data = (List<Map<String, Object>>) spec.get("data");
            secrets.put((String) target.get("name"), new HashSet<>(data.stream().map(d -> (String) d.get("secretKey")).toList()));
        }
        for (Workload w : Workload.of(r)) {
            for (Container c : w.containers()) {
                String id = w.name() + "/" + c.getName();
                for (EnvVar e : c.getEnv() == null ? List.<EnvVar>of() : c.getEnv()) {
                    if (e.getValueFrom() != null && e.getValueFrom().getConfigMapKeyRef() != null) {
                        var ref = e.getValueFrom().getConfigMapKeyRef();
                        assertThat(configMaps.get(ref.getName())).as("%s: %s from ConfigMap %s", id, e.getName(), ref.getName())
                                .isNotNull().contains(ref.getKey());
                    }
                    if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                        var ref = e.getValueFrom().getSecretKeyRef();
                        assertThat(secrets.get(ref.getName())).as("%s: %s from Secret %s", id, e.getName(), ref.getName())
                                .isNotNull().contains(ref.getKey());
                    }
                }
                for (EnvFromSource from : c.getEnvFrom() == null ? List.<EnvFromSource>of() : c.getEnvFrom()) {
                    if (from.getConfigMapRef() != null) {
                        assertThat(configMaps).as("%s: envFrom", id).containsKey(from.getConfigMapRef().getName());
                    }
                    if (from.getSecretRef() != null) {
                        assertThat(secrets).as("%s: envFrom", id).containsKey(from.getSecretRef().getName());
                    }
                }
            }
            for (Volume v : w.template().getSpec().getVolumes() == null ? List.<Volume>of() : w.template().getSpec().getVolumes()) {
                String id = w.name() + " volume " + v.getName();
                if (v.getConfigMap() != null) {
                    assertHolds(configMaps, v.getConfigMap().getName(), v.getConfigMap().getItems(), id);
                }
                if (v.getSecret() != null) {
                    assertHolds(secrets, v.getSecret().getSecretName(), v.getSecret().getItems(), id);
                }
                if (v.getProjected() != null) {
                    for (VolumeProjection source : v.getProjected().getSources()) {
                        if (source.getSecret() != null) {
                            assertHolds(secrets, source.getSecret().getName(), source.getSecret().getItems(), id);
                        }
                        if (source.getConfigMap() != null) {
                            assertHolds(configMaps, source.getConfigMap().getName(), source.getConfigMap().getItems(), id);
                        }
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void selectorsAndTargetsNameWhatExists(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        List<Workload> workloads = Workload.of(r);
        for (Service s : r.all(Service.class)) {
            assertThat(workloads).as("pods of Service %s", s.getMetadata().getName())
                    .anyMatch(w -> Selectors.matches(s.getSpec().getSelector(), w.podLabels()));
        }
        for (PodDisruptionBudget pdb : r.all(PodDisruptionBudget.class)) {
            assertThat(workloads).as("pods of PodDisruptionBudget %s", pdb.getMetadata().getName())
                    .anyMatch(w -> w.selectedBy(pdb.getSpec().getSelector()));
        }
        for (HorizontalPodAutoscaler hpa : r.all(HorizontalPodAutoscaler.class)) {
            var target = hpa.getSpec().getScaleTargetRef();
            assertThat(workloads).as("target of HorizontalPodAutoscaler %s", hpa.getMetadata().getName())
                    .anyMatch(w -> w.name().equals(target.getName()) && w.object().getKind().equals(target.getKind()));
        }
        for (Workload w : workloads) {
            assertThat(w.selectedBy(selectorOf(w))).as("%s selects its own pods", w.name()).isTrue();
            assertThat(r.all(PodDisruptionBudget.class)).as("a PodDisruptionBudget for %s", w.name())
                    .anyMatch(pdb -> w.selectedBy(pdb.getSpec().getSelector()));
        }
        for (var sts : r.all(io.fabric8.kubernetes.api.model.apps.StatefulSet.class)) {
            assertThat(r.named(Service.class, sts.getSpec().getServiceName())).as("governing Service of %s", sts.getMetadata().getName())
                    .hasValueSatisfying(s -> assertThat(s.getSpec().getClusterIP()).isEqualTo("None"));
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void theStatelessServicesScaleByLoad(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        if (overlay.equals("local")) {
            assertThat(r.all(HorizontalPodAutoscaler.class)).as("one replica each in local").isEmpty();
            assertThat(Workload.of(r)).allSatisfy(w -> assertThat(w.replicas()).as(w.name()).isEqualTo(1));
            return;
        }
        for (String name : List.of("installation-service", GATEWAY)) {
            assertThat(r.named(HorizontalPodAutoscaler.class, name)).as("HorizontalPodAutoscaler for %s", name)
                    .hasValueSatisfying(h -> assertThat(h.getSpec().getMinReplicas()).isGreaterThanOrEqualTo(2));
        }
    }

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void ingestionScalesOutThroughASharedSubscriptionGroup(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Workload messaging = Workload.of(r).stream().filter(w -> w.name().equals("messaging-service")).findFirst().orElseThrow();
        String group = r.named(ConfigMap.class, "messaging-service").orElseThrow().getData().get("METERNET_INGEST_SHARE_GROUP");
        boolean inClusterMosquitto = Workload.of(r).stream().anyMatch(w -> w.name().equals("broker"));
        if (inClusterMosquitto) {
            // Mosquitto loses a persistent session's shared subscription when it restarts: one replica, plain subscription
            assertThat(messaging.replicas()).isEqualTo(1);
            assertThat(group).isEmpty();
        } else {
            // replicas share the hubs' traffic, each message to one of them
            assertThat(messaging.replicas()).isGreaterThanOrEqualTo(2);
            assertThat(group).isNotBlank();
        }
    }

    /** What no egress rule towards "the internet" may let a pod reach: inside, link-local (cloud metadata) and CGNAT ranges. */
    private static final List<String> NEVER_BY_INTERNET_RULE = List.of("0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8",
            "169.254.0.0/16", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7", "fe80::/10", "::ffff:0:0/96");

    @ParameterizedTest
    @MethodSource("org.meternet.deploy.Rendered#overlays")
    void onlyTheGatewayReachesTheInternetAndThenNeverPrivateRangesAndOnlyOn443(String overlay) {
        Rendered r = Rendered.overlay(overlay);
        Workload gateway = Workload.of(r).stream().filter(w -> w.name().equals(GATEWAY)).findFirst().orElseThrow();
        boolean gatewayHasInternet = false;
        for (NetworkPolicy p : r.all(NetworkPolicy.class)) {
            if (p.getSpec().getEgress() == null) {
                continue;
            }
            boolean selectsGateway = gateway.selectedBy(p.getSpec().getPodSelector());
            for (var rule : p.getSpec().getEgress()) {
                String id = "egress of policy " + p.getMetadata().getName();
                if (selectsGateway) {
                    // a rule without "to" allows every address: the gateway may have none
                    assertThat(rule.getTo()).as("%s: destinations of a rule for the gateway", id).isNotEmpty();
                }
                for (NetworkPolicyPeer peer : rule.getTo() == null ? List.<NetworkPolicyPeer>of() : rule.getTo()) {
                    if (peer.getIpBlock() == null || prefixLength(peer.getIpBlock().getCidr()) >= 8) {
                        continue; // a peer in the cluster, or a bounded range of the organisation's own
                    }
                    String cidr = peer.getIpBlock().getCidr();
                    assertThat(selectsGateway).as("%s opens %s to a pod other than the gateway", id, cidr).isTrue();
                    assertThat(p.getSpec().getPodSelector().getMatchLabels()).as("%s: only the gateway's pods", id)
                            .containsEntry("app.kubernetes.io/name", GATEWAY);
                    gatewayHasInternet = true;
                    List<String> except = peer.getIpBlock().getExcept() == null ? List.of() : peer.getIpBlock().getExcept();
                    for (String inside : NEVER_BY_INTERNET_RULE) {
                        if (within(inside, cidr)) {
                            assertThat(except).as("%s: %s must leave out %s", id, cidr, inside).anyMatch(e -> within(inside, e));
                        }
                    }
                    assertThat(rule.getPorts()).as("%s: ports to %s", id, cidr).isNotEmpty().allSatisfy(port -> {
                        assertThat(port.getPort().getIntVal()).isEqualTo(443);
                        assertThat(port.getEndPort()).isNull();
                        assertThat(port.getProtocol() == null ? "TCP" : port.getProtocol()).isEqualTo("TCP");
                    });
                }
            }
        }
        assertThat(gatewayHasInternet).as("the gateway reaches the webhooks' receivers on the internet").isTrue();
    }

    @org.junit.jupiter.api.Test
    void theRangeArithmeticOfTheEgressInvariantHolds() {
        assertThat(within("10.0.0.0/8", "0.0.0.0/0")).isTrue();
        assertThat(within("10.0.0.0/8", "10.0.0.0/8")).isTrue();
        assertThat(within("10.0.0.0/8", "10.0.0.0/9")).isFalse();
        assertThat(within("172.16.0.0/12", "172.0.0.0/8")).isTrue();
        assertThat(within("172.16.0.0/12", "192.168.0.0/16")).isFalse();
        assertThat(within("fc00::/7", "::/0")).isTrue();
        assertThat(within("fc00::/7", "0.0.0.0/0")).isFalse();
        assertThat(within("10.0.0.0/8", "::/0")).isFalse();
        assertThat(prefixLength("0.0.0.0/0")).isZero();
    }

    private static int prefixLength(String cidr) {
        return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    }

    /** Whether the range {@code inner} lies wholly in {@code outer} (both CIDR, same family). */
    private static boolean within(String inner, String outer) {
        byte[] a = address(inner);
        byte[] b = address(outer);
        int bits = prefixLength(outer);
        if (a.length != b.length || prefixLength(inner) < bits) {
            return false;
        }
        for (int i = 0; i < bits; i++) {
            int mask = 0x80 >>> (i % 8);
            if ((a[i / 8] & mask) != (b[i / 8] & mask)) {
                return false;
            }
        }
        return true;
    }

    private static byte[] address(String cidr) {
        String literal = cidr.substring(0, cidr.indexOf('/'));
        try {
            byte[] b = java.net.InetAddress.getByName(literal).getAddress();
            if (b.length == 4 && literal.contains(":")) {
                // Java reads ::ffff:a.b.c.d as its IPv4 address: keep the IPv6 range that was written
                byte[] mapped = new byte[16];
                mapped[10] = (byte) 0xff;
                mapped[11] = (byte) 0xff;
                System.arraycopy(b, 0, mapped, 12, 4);
                return mapped;
            }
            return b;
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException("not a CIDR range: " + cidr, e);
        }
    }

    private static io.fabric8.kubernetes.api.model.LabelSelector selectorOf(Workload w) {
        return w.object() instanceof io.fabric8.kubernetes.api.model.apps.Deployment d ? d.getSpec().getSelector()
                : ((io.fabric8.kubernetes.api.model.apps.StatefulSet) w.object()).getSpec().getSelector();
    }

    private static void assertHolds(Map<String, Set<String>> store, String name, List<KeyToPath> items, String id) {
        assertThat(store).as("%s names %s", id, name).containsKey(name);
        if (items != null) {
            items.forEach(i -> assertThat(store.get(name)).as("%s: key %s of %s", id, i.getKey(), name).contains(i.getKey()));
        }
    }

    private static <T extends HasMetadata> Map<String, Set<String>> keys(Rendered r, Class<T> type, Function<T, Set<String>> keys) {
        Map<String, Set<String>> out = new HashMap<>();
        Stream.concat(r.objects().stream(), r.prerequisites().stream()).filter(type::isInstance).map(type::cast)
                .forEach(o -> out.put(o.getMetadata().getName(), keys.apply(o)));
        return out;
    }

    private static Set<String> union(Map<String, String> a, Map<String, String> b) {
        Set<String> out = new HashSet<>();
        if (a != null) {
            out.addAll(a.keySet());
        }
        if (b != null) {
            out.addAll(b.keySet());
        }
        return out;
    }
}
