package org.meternet.platform.reference;

/** A local authority district with its region and ONS/NRS household count. */
public record LocalAuthority(String code, String name, String regionCode, String regionName, String country,
        long households, String householdsSource) {
}
