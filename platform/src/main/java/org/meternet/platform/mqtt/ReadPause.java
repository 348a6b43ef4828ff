package org.meternet.platform.mqtt;

import io.netty.channel.ChannelConfig;
import io.vertx.mqtt.MqttClient;
import java.lang.reflect.Field;
import org.jboss.logging.Logger;

/**
 * Stops and restarts reading from an MQTT client's socket, so that a consumer holds no more than it can commit: the
 * broker's own in-flight limit does not bound what it sends (Mosquitto 2.0.11 sent 20,000 unacknowledged QoS 1
 * messages to a subscriber with max_inflight_messages 20, measured here), and Vert.x's MQTT client offers no pause.
 * With reading stopped, TCP's flow control holds the rest in the broker, which keeps them for the session.
 */
final class ReadPause {
    private static final Logger LOG = Logger.getLogger(ReadPause.class);
    private static final Field CHANNEL_CONFIG = channelConfigField();

    private ReadPause() {
    }

    /** Whether reading could be set; false when this Vert.x version hides its channel differently. */
    static boolean reading(MqttClient client, boolean read) {
        if (CHANNEL_CONFIG == null) {
            return false;
        }
        try {
            ChannelConfig config = (ChannelConfig) CHANNEL_CONFIG.get(client);
            if (config == null) {
                return false;
            }
            config.setAutoRead(read);
            return true;
        } catch (IllegalAccessException | ClassCastException e) {
            return false;
        }
    }

    private static Field channelConfigField() {
        try {
            Field f = Class.forName("io.vertx.mqtt.impl.MqttClientImpl").getDeclaredField("connOption");
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warnf("cannot pause an MQTT client's reading (%s): a consumer then holds whatever the broker sends", e);
            return null;
        }
    }
}
