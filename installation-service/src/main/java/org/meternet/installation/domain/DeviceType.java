package org.meternet.installation.domain;

/** SMETS2 device types. */
public enum DeviceType {
    ESME, GSME, CHF, GPF, PPMID, HCALCS, IHD, CAD;

    /** The fuel a device meters, or null for devices that meter nothing. */
    public Fuel fuel() {
        return switch (this) {
            case ESME -> Fuel.ELECTRICITY;
            case GSME -> Fuel.GAS;
            default -> null;
        };
    }

    public boolean isMeter() {
        return this == ESME || this == GSME;
    }

    public enum Fuel { ELECTRICITY, GAS }
}
