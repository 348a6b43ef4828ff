package org.meternet.platform.security;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.credential.TokenCredential;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Access tokens this service has verified, until they expire. A client sends the same token with every call for its
 * lifetime; verifying its signature, issuer and audience again on each call gives the same answer, so the first
 * verification's identity is used again, the expiry checked on every use. Only a token that passed full verification is
 * ever here, keyed by its exact text, so a forged or altered token never matches; an expired one is dropped and goes
 * to full verification, which refuses it.
 */
@ApplicationScoped
public class VerifiedTokens implements IdentityProvider<TokenAuthenticationRequest>, SecurityIdentityAugmentor {
    private static final int MAX_TOKENS = 20_000;
    // attributes tied to the request that verified the token, not to the token
    private static final String ROUTING_CONTEXT = RoutingContext.class.getName();
    private static final String REQUEST_CONTEXT = AuthenticationRequestContext.class.getName();

    private record Verified(SecurityIdentity identity, long expiresAtEpochSecond) {
    }

    private final Map<String, Verified> verified = new ConcurrentHashMap<>();
    private final AtomicLong reused = new AtomicLong();

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    /**
     * Before OIDC's own provider (which keeps the default, 1001): an identity for a token verified before, or nothing,
     * and OIDC verifies it.
     */
    @Override
    public int priority() {
        return 2000;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        Verified v = verified.get(token);
        if (v == null) {
            return Uni.createFrom().nullItem();
        }
        if (Instant.now().getEpochSecond() >= v.expiresAtEpochSecond()) {
            verified.remove(token, v);
            return Uni.createFrom().nullItem();
        }
        reused.incrementAndGet();
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder(v.identity());
        RoutingContext rc = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (rc != null) {
            identity.addAttribute(ROUTING_CONTEXT, rc);
            Object requestContext = rc.get(REQUEST_CONTEXT);
            if (requestContext != null) {
                identity.addAttribute(REQUEST_CONTEXT, requestContext);
            }
        }
        return Uni.createFrom().item(identity.build());
    }

    /** Remembers each identity OIDC verified from a bearer token (augmentors see every authenticated identity). */
    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (!identity.isAnonymous() && identity.getPrincipal() instanceof JsonWebToken jwt && jwt.getExpirationTime() > 0) {
            TokenCredential credential = identity.getCredential(AccessTokenCredential.class);
            if (credential != null && !verified.containsKey(credential.getToken())) {
                if (verified.size() >= MAX_TOKENS) {
                    long now = Instant.now().getEpochSecond();
                    verified.values().removeIf(v -> v.expiresAtEpochSecond() <= now);
                    if (verified.size() >= MAX_TOKENS) {
                        verified.clear();
                    }
                }
                verified.put(credential.getToken(), new Verified(withoutRequest(identity), jwt.getExpirationTime()));
            }
        }
        return Uni.createFrom().item(identity);
    }

    /** How many calls were answered from a verification done before. */
    public long reused() {
        return reused.get();
    }

    private static SecurityIdentity withoutRequest(SecurityIdentity identity) {
        QuarkusSecurityIdentity.Builder b = QuarkusSecurityIdentity.builder().setPrincipal(identity.getPrincipal())
                .addRoles(identity.getRoles()).addCredentials(identity.getCredentials()).setAnonymous(false);
        identity.getAttributes().forEach((k, v) -> {
            if (!k.equals(ROUTING_CONTEXT) && !k.equals(REQUEST_CONTEXT)) {
                b.addAttribute(k, v);
            }
        });
        b.addPermissionChecker(identity::checkPermission);
        return b.build();
    }
}
