package org.meternet.platform.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * RFC 9457 problem details, with the platform's extensions: {@code code} (a DUIS response code such
 * as E4, or a validation code such as INVALID_MPAN) and {@code field} (the offending input).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, String code, String field,
        String currentStatus) {
    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://meternet.org/problems/";
}
