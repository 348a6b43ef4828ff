package org.meternet.reporting.api;

import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.stream.Collectors;

/** A report's table as CSV (RFC 4180), for spreadsheets: ?format=csv on any report. */
record CsvTable(List<String> header, List<List<Object>> rows, String filename) {
    static final String MEDIA_TYPE = "text/csv; charset=utf-8";

    static boolean wanted(String format) {
        if (format == null || format.isBlank() || "json".equalsIgnoreCase(format)) {
            return false;
        }
        if ("csv".equalsIgnoreCase(format)) {
            return true;
        }
        throw org.meternet.platform.problem.ProblemException.badRequest("INVALID_FORMAT", "format", "format must be json or csv");
    }

    Response response() {
        StringBuilder out = new StringBuilder(line(header.stream().map(Object.class::cast).toList()));
        rows.forEach(r -> out.append(line(r)));
        return Response.ok(out.toString(), MEDIA_TYPE).header("Content-Disposition", "attachment; filename=\"" + filename + "\"")
                .build();
    }

    private static String line(List<Object> cells) {
        return cells.stream().map(CsvTable::cell).collect(Collectors.joining(",")) + "\r\n";
    }

    private static String cell(Object value) {
        String s = value == null ? "" : value.toString();
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
