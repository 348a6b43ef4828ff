package org.meternet.installation.api;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestStreamElementType;
import org.meternet.platform.api.QueryParams;
import org.meternet.installation.api.InventoryDtos.InstalledDevice;
import org.meternet.installation.api.InventoryDtos.Installation;
import org.meternet.installation.domain.BulkMigration;
import org.meternet.installation.domain.BulkMigration.LineResult;
import org.meternet.installation.domain.InstallationPlan;
import org.meternet.installation.domain.InstallationPlan.Plan;
import org.meternet.installation.domain.InventoryService;
import org.meternet.installation.domain.SmiStatus;
import org.meternet.installation.persistence.DeviceEntity;
import org.meternet.installation.persistence.InstallationEntity;
import org.meternet.platform.api.Idempotency;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/installations")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "installations", description = "Installations: the devices fitted at a premises in one visit, commissioned")
public class InstallationResource {
    private final InventoryService inventory;
    private final BulkMigration bulk;
    private final CurrentCaller caller;
    private final Pool pool;

    public InstallationResource(InventoryService inventory, BulkMigration bulk, CurrentCaller caller, Pool pool) {
        this.inventory = inventory;
        this.bulk = bulk;
        this.caller = caller;
        this.pool = pool;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "a dual-fuel home",
            value = "{\"premises\": {\"postcode\": \"LE10 0AA\"}, \"installedAt\": \"2026-11-29T09:30:00Z\", \"devices\": [{\"deviceId\": \"00-DB-12-34-56-78-90-A0\", \"deviceType\": \"CHF\", \"manufacturer\": \"Toshiba\"}, {\"deviceId\": \"00-DB-12-34-56-78-90-A1\", \"deviceType\": \"ESME\", \"mpxn\": \"1200012345679\"}, {\"deviceId\": \"00-DB-12-34-56-78-90-A2\", \"deviceType\": \"GPF\"}, {\"deviceId\": \"00-DB-12-34-56-78-90-A3\", \"deviceType\": \"GSME\", \"mpxn\": \"1234567\"}, {\"deviceId\": \"00-DB-12-34-56-78-90-A4\", \"deviceType\": \"IHD\"}]}")))
    @Operation(summary = "Record an installation: premises, hub, meters and their devices, commissioned at installedAt "
            + "(historical times allowed). Send Idempotency-Key to make retries safe.")
    public Uni<Response> install(InstallationPlan.Request request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Caller who = caller.get();
        Plan plan = inventory.planInstallation(request, who);
        return Idempotency.once(pool, who.org(), idempotencyKey, ApiSupport.json(request), tx -> inventory.install(tx, plan, who)
                .map(outcome -> {
                    if (!outcome.written()) {
                        throw outcome.problem();
                    }
                    return ApiSupport.created("/api/v1/installations/" + plan.installationId(), new Installation(
                            plan.installationId(), outcome.premises().id(), outcome.premises().localAuthorityCode(),
                            plan.supplierOrg(), plan.installedAt(), plan.devices().stream().map(d -> new InstalledDevice(
                                    d.deviceId(), d.type().name(), SmiStatus.COMMISSIONED.name())).toList()));
                }))
                .map(ApiSupport::replay);
    }

    @GET
    @Path("/{installationId}")
    @Operation(summary = "One installation and its devices")
    public Uni<Installation> get(@PathParam("installationId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String installationId) {
        UUID id = QueryParams.uuid(installationId, "installationId");
        return inventory.installation(id, caller.get()).map(found -> {
            InstallationEntity i = found.installation();
            return new Installation(i.id, i.premisesId, found.localAuthorityCode(), i.supplierOrg, i.installedAt,
                    found.devices().stream().map(d -> new InstalledDevice(d.id, d.deviceType.name(), d.status.name())).toList());
        });
    }

    /**
     * Migrates an estate: one installation per NDJSON line, streamed in and answered line by line.
     * Bad lines are reported with the rule they broke; every good line is stored.
     */
    @POST
    @Path("/bulk")
    @Blocking
    @Consumes({"application/x-ndjson", MediaType.TEXT_PLAIN})
    @Produces("application/x-ndjson")
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    @Operation(summary = "Migrate an estate: NDJSON installations in (historical dates allowed), one result per line out, "
            + "then a summary line")
    public Multi<LineResult> migrate(InputStream body) {
        Caller who = caller.get();
        BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8), 1 << 16);
        return bulk.migrate(() -> {
            try {
                return lines.readLine();
            } catch (IOException e) {
                throw new IllegalStateException("the upload broke off: " + e.getMessage(), e);
            }
        }, who).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }
}
