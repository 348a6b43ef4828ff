package org.meternet.platform.reference;

/** One of the 14 GB electricity distribution areas, keyed by MPAN distributor id. */
public record DistributionArea(int distributorId, String gspGroup, String name, String operator) {
}
