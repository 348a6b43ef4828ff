package org.meternet.installation.api;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.meternet.installation.domain.HubCertificates;
import org.meternet.installation.domain.InventoryAccess;
import org.meternet.platform.security.CurrentCaller;

@Path("/api/v1/pki")
@Produces("application/x-pem-file")
@RolesAllowed({"IS", "ES", "GS", "RSA", "ED", "GT", "OU", "operator", "platform-service"})
@Tag(name = "pki", description = "The device CA's certificate and its list of revoked hub certificates")
public class PkiResource {
    private final HubCertificates certificates;
    private final CurrentCaller caller;

    public PkiResource(HubCertificates certificates, CurrentCaller caller) {
        this.certificates = certificates;
        this.caller = caller;
    }

    @GET
    @Path("/ca.pem")
    @Operation(summary = "The device CA certificate hubs and the broker trust")
    public String ca() {
        InventoryAccess.requireRole(caller.get(), InventoryAccess.Operation.READ_PKI);
        return certificates.caCertificate();
    }

    @GET
    @Path("/crl.pem")
    @Operation(summary = "The current certificate revocation list: every revoked hub certificate")
    public Uni<String> crl() {
        InventoryAccess.requireRole(caller.get(), InventoryAccess.Operation.READ_PKI);
        return certificates.crl();
    }
}
