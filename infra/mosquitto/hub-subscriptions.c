/*
 * meternet hub subscriptions: a Mosquitto 2.0 plugin (plugin API v5) for the hubs' listener.
 *
 * Mosquitto's acl_file never refuses a subscription (it filters what is delivered; the SUBACK grants
 * whatever was asked, upstream issues #744 and #2208). On the hubs' listener this plugin decides
 * SUBSCRIBE and UNSUBSCRIBE itself: a hub (username = its certificate's CN, its EUI-64) may name only
 * filters equal to or under meternet/v1/hubs/<its CN>/down, with no wildcard in those first five
 * levels; anything else (#, $SYS/#, meternet/v1/hubs/+/down/#, another hub's topics, its own up
 * topics, $share/...) is refused: SUBACK 0x80 (MQTT 3.1.1) or 0x87 Not authorized (MQTT 5).
 * A retained PUBLISH from a hub is refused too: the broker would hand it again to every consumer each time it
 * subscribes. Every other check (publish, delivery) is deferred, so the listener's acl_file still decides it.
 *
 * Load it inside the hubs' listener section (per_listener_settings true), before its acl_file
 * matters: `plugin /path/to/meternet-hub-subscriptions.so`. Build:
 *   gcc -std=c99 -O2 -Wall -Wextra -Werror -fPIC -shared hub-subscriptions.c -o meternet-hub-subscriptions.so
 * (headers: Debian's mosquitto-dev and libmosquitto-dev, or Alpine's mosquitto-dev).
 */
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include <mosquitto.h>
#include <mosquitto_broker.h>
#include <mosquitto_plugin.h>

#define HUBS_PREFIX "meternet/v1/hubs/"
#define DOWN_LEVEL "/down"

/* A certificate's CN used as a topic level: it must be one plain level. */
static bool plain_level(const char *s)
{
	return s != NULL && *s != '\0' && strpbrk(s, "/+#") == NULL;
}

/* filter is meternet/v1/hubs/<hub>/down or lies under it (the rest may use wildcards). */
static bool own_down_filter(const char *hub, const char *filter)
{
	size_t prefix = strlen(HUBS_PREFIX), hub_len = strlen(hub), down = strlen(DOWN_LEVEL);
	if (strncmp(filter, HUBS_PREFIX, prefix) != 0) return false;
	filter += prefix;
	if (strncmp(filter, hub, hub_len) != 0) return false;
	filter += hub_len;
	if (strncmp(filter, DOWN_LEVEL, down) != 0) return false;
	filter += down;
	return *filter == '\0' || *filter == '/';
}

static int on_acl_check(int event, void *event_data, void *userdata)
{
	struct mosquitto_evt_acl_check *ed = event_data;
	(void)event;
	(void)userdata;

	const char *hub = mosquitto_client_username(ed->client);
	if (ed->access == MOSQ_ACL_WRITE && ed->retain) {
		/* a retained message would be handed again to every consumer at every subscription: a hub keeps none */
		mosquitto_log_printf(MOSQ_LOG_NOTICE, "Denied retained PUBLISH to '%s' by hub '%s' (meternet hub subscriptions)",
				ed->topic ? ed->topic : "", hub ? hub : "");
		return MOSQ_ERR_ACL_DENIED;
	}
	if (ed->access != MOSQ_ACL_SUBSCRIBE && ed->access != MOSQ_ACL_UNSUBSCRIBE) {
		return MOSQ_ERR_PLUGIN_DEFER; /* publish and delivery: the listener's acl_file */
	}
	if (plain_level(hub) && ed->topic != NULL && own_down_filter(hub, ed->topic)) {
		return MOSQ_ERR_SUCCESS;
	}
	mosquitto_log_printf(MOSQ_LOG_NOTICE, "Denied %s of '%s' by hub '%s' (meternet hub subscriptions)",
			ed->access == MOSQ_ACL_SUBSCRIBE ? "SUBSCRIBE" : "UNSUBSCRIBE",
			ed->topic ? ed->topic : "", hub ? hub : "");
	return MOSQ_ERR_ACL_DENIED;
}

int mosquitto_plugin_version(int supported_version_count, const int *supported_versions)
{
	for (int i = 0; i < supported_version_count; i++) {
		if (supported_versions[i] == 5) return 5;
	}
	return -1;
}

int mosquitto_plugin_init(mosquitto_plugin_id_t *identifier, void **userdata, struct mosquitto_opt *options, int option_count)
{
	(void)options;
	(void)option_count;
	*userdata = identifier; /* one load per listener that names the plugin: each keeps its own id */
	return mosquitto_callback_register(identifier, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL, NULL);
}

int mosquitto_plugin_cleanup(void *userdata, struct mosquitto_opt *options, int option_count)
{
	(void)options;
	(void)option_count;
	return mosquitto_callback_unregister(userdata, MOSQ_EVT_ACL_CHECK, on_acl_check, NULL);
}
