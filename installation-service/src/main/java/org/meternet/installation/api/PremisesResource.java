package org.meternet.installation.api;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.platform.api.QueryParams;
import org.meternet.installation.api.InventoryDtos.Premises;
import org.meternet.installation.domain.InstallationPlan.PlannedPremises;
import org.meternet.installation.domain.InstallationPlan.PremisesSpec;
import org.meternet.installation.domain.InventoryService;
import org.meternet.platform.api.Idempotency;
import org.meternet.platform.reference.ReferenceData;
import org.meternet.platform.security.Caller;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/premises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "premises", description = "Premises, with the local authority resolved from the postcode")
public class PremisesResource {
    private final InventoryService inventory;
    private final ReferenceData reference;
    private final CurrentCaller caller;
    private final Pool pool;

    public PremisesResource(InventoryService inventory, ReferenceData reference, CurrentCaller caller, Pool pool) {
        this.inventory = inventory;
        this.reference = reference;
        this.caller = caller;
        this.pool = pool;
    }

    @POST
    @RequestBody(content = @Content(mediaType = MediaType.APPLICATION_JSON, examples = @ExampleObject(name = "a home in Chesterfield",
            value = "{\"postcode\": \"S44 6JJ\", \"uprn\": \"100030512345\"}")))
    @Operation(summary = "Register a premises; its local authority comes from the postcode sector, else district, "
            + "unless localAuthorityOverride names one. Send Idempotency-Key to make retries safe.")
    public Uni<Response> register(PremisesSpec request, @HeaderParam(Idempotency.HEADER) String idempotencyKey) {
        Caller who = caller.get();
        PlannedPremises p = inventory.planPremises(request, who);
        return Idempotency.once(pool, who.org(), idempotencyKey, ApiSupport.json(request), tx -> tx
                .preparedQuery("insert into premises (id, postcode, uprn, local_authority_code, region_code, registered_by) "
                        + "values ($1, $2, $3, $4, $5, $6)")
                .execute(Tuple.of(p.id(), p.postcode(), p.uprn(), p.localAuthorityCode(), p.regionCode(), who.org()))
                .map(x -> ApiSupport.created("/api/v1/premises/" + p.id(),
                        view(p.id(), p.postcode(), p.uprn(), p.localAuthorityCode(), p.regionCode()))))
                .map(ApiSupport::replay);
    }

    @GET
    @Path("/{premisesId}")
    @Operation(summary = "Read a premises (SRV 8.2): for the registered suppliers of its devices, the network operator of "
            + "their area, and its registrant while no device is at it")
    public Uni<Premises> get(@PathParam("premisesId") @Parameter(schema = @Schema(type = SchemaType.STRING, format = "uuid"))
            String premisesId) {
        UUID id = QueryParams.uuid(premisesId, "premisesId");
        return inventory.premises(id, caller.get()).map(p -> view(p.id, p.postcode, p.uprn, p.localAuthorityCode, p.regionCode));
    }

    Premises view(UUID id, String postcode, String uprn, String la, String region) {
        String name = reference.localAuthority(la).map(l -> l.name()).orElse(null);
        return new Premises(id, postcode, uprn, la, name, region, ReferenceData.ATTRIBUTION);
    }
}
