package org.meternet.installation.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.meternet.installation.api.InventoryDtos.Device;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.platform.api.Idempotency.Stored;
import org.meternet.platform.event.EventCodec;
import org.meternet.platform.problem.ProblemException;

/** Views, ETags and stored responses shared by the inventory's resources. */
final class ApiSupport {
    private ApiSupport() {
    }

    static Device view(DeviceEntity d) {
        return new Device(d.id, d.deviceType.name(), d.status.name(), d.statusEffectiveAt, d.premisesId, d.installationId,
                d.mpxn, d.fuel, d.distributionArea, d.chfId, d.gpfId, d.meterId, d.supplierOrg, d.nextSupplierOrg,
                d.nextSupplierFrom, d.manufacturer, d.model, d.firmwareVersion, d.smetsVersion, d.version);
    }

    static EntityTag etag(long version) {
        return new EntityTag(Long.toString(version));
    }

    /** The version an If-Match header names, or null when there is none. */
    static Long ifMatch(String header) {
        if (header == null || header.isBlank() || header.trim().equals("*")) {
            return null;
        }
        String v = header.trim();
        if (v.startsWith("W/")) {
            v = v.substring(2);
        }
        v = v.replace("\"", "");
        try {
            return Long.valueOf(v);
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("INVALID_IF_MATCH", "If-Match", "If-Match must be an ETag this API returned");
        }
    }

    static Response ok(DeviceEntity d) {
        return Response.ok(view(d)).tag(etag(d.version)).build();
    }

    static Stored created(String location, Object body) {
        return new Stored(201, location, json(body));
    }

    static Response replay(Stored s) {
        Response.ResponseBuilder b = Response.status(s.status()).type(MediaType.APPLICATION_JSON).entity(s.body());
        if (s.location() != null) {
            b.location(URI.create(s.location()));
        }
        return b.build();
    }

    static String json(Object o) {
        try {
            return EventCodec.MAPPER.writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
