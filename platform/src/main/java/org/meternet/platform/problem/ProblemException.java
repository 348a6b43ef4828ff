package org.meternet.platform.problem;

/** Thrown anywhere to answer with a problem document; the mapper turns it into the response. */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final String field;
    private final String currentStatus;

    public ProblemException(int status, String code, String field, String detail) {
        this(status, code, field, detail, null);
    }

    public ProblemException(int status, String code, String field, String detail, String currentStatus) {
        super(detail);
        this.status = status;
        this.code = code;
        this.field = field;
        this.currentStatus = currentStatus;
    }

    public static ProblemException badRequest(String code, String field, String detail) {
        return new ProblemException(400, code, field, detail);
    }

    /** E2: the caller's role may not use this service request. */
    public static ProblemException roleNotPermitted(String detail) {
        return new ProblemException(403, "E2", null, detail);
    }

    /** E4: the caller is not authorised for this device at this time. */
    public static ProblemException notAuthorisedForDevice(String deviceId) {
        return new ProblemException(403, "E4", "deviceId", "not authorised for device " + deviceId + " at this time");
    }

    /** E19: no such device in the Smart Metering Inventory. */
    public static ProblemException unknownDevice(String deviceId) {
        return new ProblemException(404, "E19", "deviceId", "device " + deviceId + " is not in the Smart Metering Inventory");
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }

    public String currentStatus() {
        return currentStatus;
    }
}
