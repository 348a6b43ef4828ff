package org.meternet.platform.mqtt;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** A service is ready only when each of its MQTT clients is connected (and subscribed, for consumers). */
@Readiness
@ApplicationScoped
public class MqttReadiness implements HealthCheck {
    private final Map<String, BooleanSupplier> clients = new ConcurrentHashMap<>();

    public void register(String name, BooleanSupplier up) {
        clients.put(name, up);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder b = HealthCheckResponse.named("MQTT clients").up();
        clients.forEach((name, up) -> {
            boolean ok = up.getAsBoolean();
            b.withData(name, ok ? "UP" : "DOWN");
            if (!ok) {
                b.down();
            }
        });
        return b.build();
    }
}
