package org.meternet.gateway.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.gateway.persistence.Quarantines;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/quarantines")
@RolesAllowed("operator")
@Tag(name = "operations", description = "Operating the platform")
public class QuarantineResource {
    private final Quarantines quarantines;
    private final CurrentCaller caller;

    public QuarantineResource(Quarantines quarantines, CurrentCaller caller) {
        this.quarantines = quarantines;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "Organisations whose service requests are held after an anomaly (?all=true: released ones too)")
    public Uni<List<Quarantines.Quarantine>> list(@QueryParam("all") boolean all) {
        return quarantines.list(all);
    }

    @POST
    @Path("/{org}/release")
    @Operation(summary = "Release an organisation's service requests after review")
    public Uni<Quarantines.Quarantine> release(@PathParam("org") String org) {
        return quarantines.release(org, caller.get().subject());
    }
}
