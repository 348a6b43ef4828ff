package org.meternet.platform.api;

import java.util.List;

/**
 * One page of a list: the items and, when there are more, the cursor to ask for the next page
 * with {@code ?cursor=}. The same shape for every list of every service.
 */
public record Page<T>(List<T> items, String nextCursor) {
}
