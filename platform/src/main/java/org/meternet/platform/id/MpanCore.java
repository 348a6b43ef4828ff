package org.meternet.platform.id;

/**
 * The 13-digit MPAN core of an electricity metering point: distributor id (2 digits), a unique
 * part (8), a further 2 digits and a check digit computed with the published prime weights.
 */
public record MpanCore(String value) {
    public static final String CODE = "INVALID_MPAN";
    private static final int[] WEIGHTS = {3, 5, 7, 13, 17, 19, 23, 29, 31, 37, 41, 43};

    public MpanCore {
        value = validated(value, "mpan");
    }

    public static MpanCore parse(String text) {
        return parse(text, "mpan");
    }

    public static MpanCore parse(String text, String field) {
        return new MpanCore(validated(text, field));
    }

    /** The check digit the first twelve digits call for. */
    public static int checkDigit(String firstTwelve) {
        int sum = 0;
        for (int i = 0; i < 12; i++) {
            sum += (firstTwelve.charAt(i) - '0') * WEIGHTS[i];
        }
        return sum % 11 % 10;
    }

    private static String validated(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidIdentifierException(field, CODE, field + " is required (13-digit MPAN core)");
        }
        String digits = text.replace(" ", "");
        if (digits.length() != 13 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new InvalidIdentifierException(field, CODE, field + " '" + text + "' is not a 13-digit MPAN core");
        }
        int expected = checkDigit(digits);
        if (digits.charAt(12) - '0' != expected) {
            throw new InvalidIdentifierException(field, CODE,
                    field + " '" + text + "' fails its check digit: expected " + expected + ", found " + digits.charAt(12));
        }
        return digits;
    }

    public int distributorId() {
        return Integer.parseInt(value.substring(0, 2));
    }

    /** Distributor ids 10-23 are the 14 GB distribution areas; others are independent networks. */
    public boolean inLicensedDistributionArea() {
        int id = distributorId();
        return id >= 10 && id <= 23;
    }

    @Override
    public String toString() {
        return value;
    }
}
