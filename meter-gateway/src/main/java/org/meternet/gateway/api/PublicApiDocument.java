package org.meternet.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.meternet.gateway.domain.Route;

/**
 * The gateway's OpenAPI document as the one public API: the documents the services behind it wrote at their build
 * (copied in by the gateway's build, META-INF/openapi-forwarded, merged by SmallRye) keep only the operations the
 * gateway forwards to that service, and the catch-all that forwards them gives way to them. Done once, at build.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class PublicApiDocument implements OASFilter {
    static final String FORWARDED = "META-INF/openapi-forwarded/";
    private static final String PUBLIC = "/api/v1/";

    /** An operation of a service's own document. */
    record Imported(Route.Target target, String path, PathItem.HttpMethod method) {
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        List<Imported> imported = imported();
        if (imported.isEmpty() || openAPI.getPaths() == null) {
            return; // built without the services' documents: the catch-all still says where calls go
        }
        for (Imported op : imported) {
            PathItem item = openAPI.getPaths().getPathItem(op.path());
            // outside /api/v1 only the platform's own endpoints (/events), which the gateway serves as well
            if (item != null && op.path().startsWith(PUBLIC) && !forwarded(op)) {
                item.setOperation(op.method(), null);
                if (item.getOperations() == null || item.getOperations().isEmpty()) {
                    openAPI.getPaths().removePathItem(op.path());
                }
            }
        }
        openAPI.getPaths().removePathItem(PUBLIC + "{path}");
    }

    /** Whether the gateway routes this operation of a service's document to that same service. */
    static boolean forwarded(Imported op) {
        return Route.ofTemplate(op.method().name(), op.path()).filter(r -> r.target() == op.target()).isPresent();
    }

    /** The operations of the services' documents on the class path; none when the gateway was built without them. */
    static List<Imported> imported() {
        List<Imported> out = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (Route.Target target : Route.Target.values()) {
            String file = FORWARDED + target.name().toLowerCase(Locale.ROOT) + "-service.json";
            try (InputStream in = PublicApiDocument.class.getClassLoader().getResourceAsStream(file)) {
                if (in == null) {
                    continue;
                }
                for (Map.Entry<String, JsonNode> path : json.readTree(in).path("paths").properties()) {
                    for (PathItem.HttpMethod method : PathItem.HttpMethod.values()) {
                        if (path.getValue().has(method.name().toLowerCase(Locale.ROOT))) {
                            out.add(new Imported(target, path.getKey(), method));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("the OpenAPI document " + file + " cannot be read", e);
            }
        }
        return out;
    }
}
