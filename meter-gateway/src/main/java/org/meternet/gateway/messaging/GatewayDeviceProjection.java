package org.meternet.gateway.messaging;

import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Singleton;
import org.meternet.platform.mqtt.MqttClients;
import org.meternet.platform.projection.DeviceProjection;
import org.meternet.platform.projection.DeviceProjectionFollower;

/** Keeps the gateway's device projection in step with installation-service's events. */
@Singleton
public class GatewayDeviceProjection extends DeviceProjectionFollower {
    public GatewayDeviceProjection(MqttClients mqtt, Pool pool, DeviceProjection projection) {
        super(mqtt, pool, projection, "gateway.device-projection");
    }
}
