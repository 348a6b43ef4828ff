package org.meternet.platform.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.meternet.platform.id.InvalidIdentifierException;

/** Every error of every service leaves as an RFC 9457 problem document with a code. */
public class ProblemMapper {
    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response r = respond(e.status(), e.code(), e.field(), e.getMessage(), e.currentStatus(), uri);
        return e instanceof RateLimitedException limited
                ? Response.fromResponse(r).header(HttpHeaders.RETRY_AFTER, limited.retryAfterSeconds()).build() : r;
    }

    @ServerExceptionMapper
    public Response invalidIdentifier(InvalidIdentifierException e, UriInfo uri) {
        return respond(400, e.code(), e.field(), e.getMessage(), null, uri);
    }

    /** Quarkus REST maps this one itself to a bare 400 unless a mapper names it exactly (an array for an object, a wrong type). */
    @ServerExceptionMapper
    public Response mismatchedBody(com.fasterxml.jackson.databind.exc.MismatchedInputException e, UriInfo uri) {
        return unreadableBody(e, uri);
    }

    @ServerExceptionMapper
    public Response unreadableBody(JsonProcessingException e, UriInfo uri) {
        return respond(400, "INVALID_JSON", JsonField.of(e), "the request body is not valid JSON for this operation: " + readable(e),
                null, uri);
    }

    /** What was wrong with a body, in the caller's terms: no class names, no parser internals. */
    static String readable(JsonProcessingException e) {
        if (e instanceof com.fasterxml.jackson.databind.exc.MismatchedInputException m && m.getTargetType() != null
                && !(e instanceof com.fasterxml.jackson.databind.exc.InvalidFormatException)) {
            return "expected " + kind(m.getTargetType()) + " there";
        }
        String message = String.valueOf(e.getOriginalMessage());
        return message.replaceAll("\\s*\\(?start marker at \\[Source:[^\\]]*\\]\\)?", "")
                .replaceAll("\\[Source:[^\\]]*\\]", "")
                .replaceAll("`[\\w.$]*[.$][\\w.$]*`", "a value");
    }

    private static String kind(Class<?> type) {
        if (CharSequence.class.isAssignableFrom(type) || type.isEnum()) {
            return "text";
        }
        if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object";
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(401, "E1", null,
                        "a valid bearer access token from the meternet identity provider is required", null, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"meternet\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(403, "E2", null, "the caller's role does not permit this operation", null, uri);
    }

    /** Two updates raced on the same version: the loser must re-read and retry. */
    @ServerExceptionMapper({jakarta.persistence.OptimisticLockException.class, org.hibernate.StaleStateException.class})
    public Response concurrentUpdate(RuntimeException e, UriInfo uri) {
        return respond(412, "PRECONDITION_FAILED", "If-Match",
                "the resource was changed by another request at the same time; read it again and retry", null, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof JsonProcessingException unreadable) {
                return unreadableBody(unreadable, uri); // the body reader wraps what Jackson refused in a bare 400
            }
        }
        if (status == 404 && (e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof ArithmeticException)) {
            // JAX-RS answers a query or path parameter it cannot convert (limit=abc, 2^31 for an int) with 404
            return respond(400, "INVALID_PARAMETER", null, "a query or path parameter is not of its type or out of its range: "
                    + e.getCause().getMessage(), null, uri);
        }
        String code = Response.Status.fromStatusCode(status) == null ? "HTTP_" + status
                : Response.Status.fromStatusCode(status).name();
        return respond(status, code, null, e.getMessage(), null, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure serving %s", uri.getPath());
        return respond(500, "INTERNAL", null, "the service failed unexpectedly; the failure was logged", null, uri);
    }

    static Response respond(int status, String code, String field, String detail, String currentStatus, UriInfo uri) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known != null ? known.getReasonPhrase() : "HTTP " + status;
        Problem p = new Problem(Problem.TYPE_BASE + code, title, status, detail, uri == null ? null : uri.getPath(),
                code, field, currentStatus);
        return Response.status(status).type(Problem.MEDIA_TYPE).entity(p).build();
    }
}
