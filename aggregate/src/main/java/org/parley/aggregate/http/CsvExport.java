package org.parley.aggregate.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SequenceWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The CSV forms of the API's tables, for notebooks and spreadsheets: a header row, then one row
 * per item, written to the response as it goes. Each export names its columns once, here; the
 * README and the OpenAPI description list them.
 */
final class CsvExport {

    /** One column: its header and how a JSON item gives its cell (null for an empty one). */
    record Column(String name, Function<JsonNode, Object> cell) {
    }

    /** GET /api/statements: one statement a row. */
    static final CsvExport STATEMENTS = new CsvExport("statements", List.of(
            text("id"), text("party"), text("speaker"), text("speakerRole"), text("stance"), number("score"),
            number("confidence"), text("publishedAt"), text("source"), text("url"),
            new Column("mentions", n -> n.path("mentions").size()),
            new Column("cues", n -> {
                List<String> cues = new ArrayList<>();
                n.path("cues").forEach(c -> cues.add(c.asText()));
                return String.join(" | ", cues);
            }),
            text("text")));

    /** GET /api/parties/{code}/history: one step a row. */
    static final CsvExport HISTORY = new CsvExport("points", List.of(
            text("from"), text("to"), number("statements"), number("open"), number("conditional"), number("closed"),
            number("meanScore"), number("index"), number("band"), number("baseline")));

    private static final CsvMapper MAPPER = new CsvMapper();

    private final String items;
    private final List<Column> columns;
    private final CsvSchema schema;

    private CsvExport(String items, List<Column> columns) {
        this.items = items;
        this.columns = List.copyOf(columns);
        CsvSchema.Builder b = CsvSchema.builder().setUseHeader(true);
        columns.forEach(c -> b.addColumn(c.name()));
        this.schema = b.build();
    }

    /** The column headers, in order. */
    List<String> columns() {
        return columns.stream().map(Column::name).toList();
    }

    /** Writes the items of a JSON body (its "statements" or "points" array) as CSV rows. */
    void write(JsonNode body, OutputStream out) throws IOException {
        try (SequenceWriter w = MAPPER.writer(schema).writeValues(out)) {
            for (JsonNode item : body.path(items)) {
                List<Object> row = new ArrayList<>(columns.size());
                for (Column c : columns) {
                    row.add(c.cell().apply(item));
                }
                w.write(row);
            }
        }
    }

    /** Whether a request asks for CSV: {@code ?format=csv}, or an Accept header that names text/csv. */
    static boolean wanted(String format, String accept) {
        if (format != null) {
            return format.toLowerCase(Locale.ROOT).equals("csv");
        }
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/csv");
    }

    private static Column text(String field) {
        return new Column(field, n -> n.path(field).isNull() || n.path(field).isMissingNode() ? null : n.path(field).asText());
    }

    private static Column number(String field) {
        return new Column(field, n -> n.path(field).isNumber() ? n.path(field).numberValue() : null);
    }
}
