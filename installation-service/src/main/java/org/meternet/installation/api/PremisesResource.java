package org.meternet.installation.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.installation.api.InventoryDtos.NewPremises;
import org.meternet.installation.api.InventoryDtos.Premises;
import org.meternet.installation.domain.InventoryService;
import org.meternet.installation.persistence.PremisesEntity;
import org.meternet.platform.problem.ProblemException;
import org.meternet.platform.reference.ReferenceData;

@Path("/api/v1/premises")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "premises", description = "Premises, with the local authority resolved from the postcode")
public class PremisesResource {
    private final InventoryService inventory;
    private final ReferenceData reference;

    public PremisesResource(InventoryService inventory, ReferenceData reference) {
        this.inventory = inventory;
        this.reference = reference;
    }

    @POST
    @Operation(summary = "Register a premises; its local authority comes from the postcode sector, else district")
    public Uni<Response> register(NewPremises request) {
        if (request == null) {
            throw ProblemException.badRequest("REQUIRED", "postcode", "postcode is required");
        }
        return inventory.registerPremises(request)
                .map(p -> Response.created(URI.create("/api/v1/premises/" + p.id)).entity(view(p)).build());
    }

    @GET
    @Path("/{premisesId}")
    public Uni<Premises> get(@PathParam("premisesId") UUID id) {
        return inventory.premises(id).map(this::view);
    }

    Premises view(PremisesEntity p) {
        String name = reference.localAuthority(p.localAuthorityCode).map(la -> la.name()).orElse(null);
        return new Premises(p.id, p.postcode, p.uprn, p.localAuthorityCode, name, p.regionCode, ReferenceData.ATTRIBUTION);
    }
}
