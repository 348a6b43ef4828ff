package org.meternet.platform.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.meternet.platform.problem.ProblemException;

/** Opaque keyset cursors: the last key of a page, base64url so clients do not build them. */
public final class Cursor {
    private static final String PREFIX = "k1:";

    private Cursor() {
    }

    public static String after(String lastKey) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + lastKey).getBytes(StandardCharsets.UTF_8));
    }

    /** The key a cursor stands for, or null for the first page. */
    public static String key(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                return text.substring(PREFIX.length());
            }
        } catch (IllegalArgumentException e) {
            // falls through to the problem below
        }
        throw ProblemException.badRequest("INVALID_CURSOR", "cursor", "cursor is not one this API returned");
    }

    public static int limit(Integer requested, int max) {
        int limit = requested == null ? Math.min(100, max) : requested;
        if (limit < 1 || limit > max) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit", "limit must be between 1 and " + max + ", was " + limit);
        }
        return limit;
    }
}
