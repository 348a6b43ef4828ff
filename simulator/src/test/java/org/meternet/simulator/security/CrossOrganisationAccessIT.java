package org.meternet.simulator.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every route of the public API, and of each service behind it, called by organisations that have no business with
 * what it names: another supplier, a network operator of another area, a role the route is not open to. The routes
 * come from the OpenAPI documents the running services serve, so a new route is attacked without a new test.
 */
class CrossOrganisationAccessIT {
    /**
     * Who may change the registered supplier is the registration issue's (the industry's registration data will
     * decide); until then a supplier's request takes effect, and what the new supplier may read is bounded by its
     * registration period instead (the messaging tests show that).
     */
    static final Set<String> NOT_YET_BOUND_TO_A_RELATION = Set.of("POST /api/v1/devices/{deviceId}/supplier-changes");

    static Estate estate;
    static ApiDocument gateway;

    @BeforeAll
    static void anEstateToAttack() {
        estate = Estate.create();
        gateway = ApiDocument.load("meter-gateway", Estate.GATEWAY);
    }

    @Test
    void anotherSupplierAndANetworkOperatorOfAnotherAreaGetNothingOfTheMeterThroughTheGateway() {
        assertThat(refusalsMissing(gateway)).as("calls that should have been refused (403/404)").isEmpty();
    }

    @Test
    void theyGetNothingDirectlyFromAnyServiceEither() {
        List<String> missing = new ArrayList<>();
        // reporting-service names nothing of an organisation's (its reports are aggregates): none of its routes qualifies
        Estate.services().values().stream().filter(doc -> !doc.service().equals("reporting-service"))
                .forEach(doc -> missing.addAll(refusalsMissing(doc)));
        assertThat(missing).as("calls that should have been refused (403/404)").isEmpty();
    }

    @Test
    void everyRouteRefusesTheRolesItIsNotOpenTo() {
        List<ApiDocument> docs = new ArrayList<>(Estate.services().values());
        docs.add(gateway);
        List<String> wrong = new ArrayList<>();
        int tried = 0;
        for (ApiDocument doc : docs) {
            for (ApiDocument.Op op : doc.operations()) {
                if (op.roles().isEmpty() || op.isStream()) {
                    continue;
                }
                for (Estate.Org org : estate.everyone()) {
                    if (!Collections.disjoint(org.roles(), op.roles())) {
                        continue;
                    }
                    tried++;
                    RawHttp.Reply r = RawHttp.send(op.port(), op.method(), estate.target(op), org.token(), Estate.contentType(op),
                            Estate.plausibleBody(op));
                    if (r.status() != 403 || !r.isProblem()) {
                        wrong.add(op + " as " + org + " " + org.roles() + ": " + r);
                    }
                }
            }
        }
        assertThat(tried).as("calls by a role a route is not open to").isGreaterThan(10);
        assertThat(wrong).as("routes that did not refuse a role they are not open to with a 403 problem").isEmpty();
    }

    @Test
    void aNetworkOperatorCannotChangeASuppliersMeterEvenOnTheInventoryItself() {
        for (String status : List.of("SUSPENDED", "DECOMMISSIONED", "WHITELISTED", "COMMISSIONED")) {
            byte[] body = ("{\"status\":\"" + status + "\"}").getBytes();
            for (int port : List.of(Estate.GATEWAY, Estate.SERVICES.get("installation-service"))) {
                RawHttp.Reply r = RawHttp.send(port, "POST", "/api/v1/devices/" + estate.meterId + "/status-changes",
                        estate.areaOperator.token(), null, body);
                assertThat(r.status()).as(status + " by the area's network operator on :" + port + ": " + r).isEqualTo(403);
                assertThat(r.code()).as(status + " on :" + port).isEqualTo("E2");
            }
        }
        RawHttp.Reply device = RawHttp.send(Estate.GATEWAY, "GET", "/api/v1/devices/" + estate.meterId, estate.owner.token(), null, null);
        assertThat(device.field("status")).as("the meter's status after all that").isEqualTo("COMMISSIONED");
    }

    @Test
    void aListShowsAnOrganisationOnlyWhatIsItsOwn() {
        for (Estate.Org outsider : List.of(estate.otherSupplier, estate.outsideOperator)) {
            for (int port : List.of(Estate.GATEWAY, Estate.SERVICES.get("installation-service"))) {
                assertThat(lists(port, outsider, estate.meterId)).as(outsider + " listing devices on :" + port).isFalse();
            }
        }
        assertThat(lists(Estate.GATEWAY, estate.owner, estate.meterId)).as("the owner's own list").isTrue();
    }

    /** Whether any page of the organisation's device list holds the device (an estate of many runs spans pages). */
    static boolean lists(int port, Estate.Org org, String deviceId) {
        String cursor = null;
        for (int page = 0; page < 500; page++) {
            RawHttp.Reply r = RawHttp.send(port, "GET", "/api/v1/devices?limit=1000" + (cursor == null ? "" : "&cursor="
                    + Estate.encode(cursor)), org.token(), null, null);
            assertThat(r.status()).as(org + " listing devices on :" + port + ": " + r).isEqualTo(200);
            if (r.body().contains(deviceId)) {
                return true;
            }
            cursor = r.field("nextCursor");
            if (cursor == null) {
                return false;
            }
        }
        throw new IllegalStateException(org + "'s device list has more than 500 pages");
    }

    /** Each operation naming something of the owner's, called by the two outsiders: anything but 403/404 is a hole. */
    static List<String> refusalsMissing(ApiDocument doc) {
        List<String> missing = new ArrayList<>();
        int tried = 0;
        for (ApiDocument.Op op : doc.operations()) {
            boolean namesOwned = op.pathParams().stream().anyMatch(p -> estate.owned(p.name()) != null);
            if (!namesOwned || op.isStream() || NOT_YET_BOUND_TO_A_RELATION.contains(op.method() + " " + op.path())) {
                continue;
            }
            for (Estate.Org outsider : List.of(estate.otherSupplier, estate.outsideOperator)) {
                tried++;
                RawHttp.Reply r = RawHttp.send(op.port(), op.method(), estate.target(op), outsider.token(), Estate.contentType(op),
                        Estate.plausibleBody(op));
                if ((r.status() != 403 && r.status() != 404) || !r.isProblem()) {
                    missing.add(op + " as " + outsider + ": " + r);
                }
            }
        }
        assertThat(tried).as(doc.service() + ": operations naming a device, premises, installation, MPxN or request").isPositive();
        return missing;
    }
}
