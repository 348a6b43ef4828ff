package org.meternet.platform.id;

/**
 * An identifier failed its rule. Carries the field it came from and a stable code so that the
 * API can answer with a problem document naming both.
 */
public class InvalidIdentifierException extends IllegalArgumentException {
    private final String field;
    private final String code;

    public InvalidIdentifierException(String field, String code, String message) {
        super(message);
        this.field = field;
        this.code = code;
    }

    public String field() {
        return field;
    }

    public String code() {
        return code;
    }
}
