package io.github.pontryagin.odenets.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvGenerator;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import io.github.pontryagin.odenets.io.AtomicFiles;

/**
 * Data sets as CSV files (RFC 4180, read and written by jackson-dataformat-csv), one point per record:
 * features and an integer label (docs/theory.md §4: "also read CSV (features…, label)").
 *
 * <p>Writing: a header {@code x1,...,xd,label}, then one record per point with the features written
 * by {@link Double#toString(double)} (which reads back to the same bits) and the label as an integer;
 * records end with {@code \n}; UTF-8. Writing to a path is atomic ({@link AtomicFiles}): a reader
 * never sees a half-written file.
 *
 * <p>Reading: fields are separated by commas, may be quoted ({@code "1.5"}, {@code "a, b"}) and may be
 * surrounded by blanks; blank lines and lines starting with {@code #} are skipped; a UTF-8 byte order
 * mark is ignored. The first record is a header, and not data, when none of its fields is a number.
 * The label is the column named by {@link Options#labelColumn()} in the header (default: the last
 * column); every other column is a feature, in file order. All records must have as many fields as
 * the header, or, without a header, as the first record; at least two. Features must be finite
 * decimal numbers; labels non-negative integers ({@code 1} or {@code 1.0}). With a {@link DataShape}
 * the number of features must equal the model's input dimension and the labels must be among its
 * classes. Every violation, and a file without data records, raises a {@link DataFormatException}
 * naming the file, the line and the offending record (its fields joined by commas).
 */
public final class DatasetCsv {

    private static final CsvFactory FACTORY = CsvFactory.builder()
            .enable(CsvParser.Feature.TRIM_SPACES)
            .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
            .enable(CsvParser.Feature.ALLOW_COMMENTS)
            .build();
    private static final CsvSchema SCHEMA = CsvSchema.emptySchema().withComments().withLineSeparator("\n");

    /**
     * How to read a CSV file.
     *
     * @param labelColumn the header name of the label column, or {@code null} for the last column
     * @param shape       what the model expects (dimension and classes), {@link DataShape#ANY} for anything
     */
    public record Options(String labelColumn, DataShape shape) {

        /** The last column is the label; any dimension and non-negative label. */
        public static final Options DEFAULT = new Options(null, DataShape.ANY);

        /** @throws IllegalArgumentException if the shape is null or the column name blank */
        public Options {
            if (shape == null) {
                throw new IllegalArgumentException("shape must not be null (DataShape.ANY accepts anything)");
            }
            if (labelColumn != null && labelColumn.isBlank()) {
                throw new IllegalArgumentException("labelColumn must be a header name or null for the last "
                        + "column but is '" + labelColumn + "'");
            }
        }

        /** @return these options with the label in the column of that header name (null: the last) */
        public Options withLabelColumn(String name) {
            return new Options(name, shape);
        }

        /** @return these options checking the data against a model's shape */
        public Options withShape(DataShape s) {
            return new Options(labelColumn, s);
        }
    }

    private DatasetCsv() {
    }

    /**
     * Reads a data set from a CSV file, accepting any non-negative integer label.
     *
     * @param path the file
     * @return the data set
     * @throws DataFormatException if the file is malformed
     * @throws IOException         if the file cannot be read
     */
    public static Dataset read(Path path) throws IOException {
        return read(path, Options.DEFAULT);
    }

    /**
     * Reads a data set from a CSV file whose last column is the label.
     *
     * @param path           the file; its name appears in error messages
     * @param allowedClasses the labels accepted, or {@code null} for any non-negative integer
     * @return the data set
     * @throws DataFormatException if the file is malformed or a label is not allowed
     * @throws IOException         if the file cannot be read
     */
    public static Dataset read(Path path, Set<Integer> allowedClasses) throws IOException {
        try (Reader reader = open(path)) {
            return read(reader, path.toString(), null, 0, allowedClasses);
        }
    }

    /**
     * Reads a data set from a CSV file.
     *
     * @param path    the file; its name appears in error messages
     * @param options label column and the model's shape
     * @return the data set
     * @throws DataFormatException if the file is malformed or does not fit the shape
     * @throws IOException         if the file cannot be read
     */
    public static Dataset read(Path path, Options options) throws IOException {
        try (Reader reader = open(path)) {
            return parse(reader, path.toString(), options);
        }
    }

    /**
     * Reads a data set from CSV text whose last column is the label. The reader is read to its end and
     * not closed.
     *
     * @param reader         the text
     * @param source         name of the text for error messages, e.g. a file name
     * @param allowedClasses the labels accepted, or {@code null} for any non-negative integer
     * @return the data set
     * @throws DataFormatException if the text is malformed or a label is not allowed
     * @throws IOException         if the reader fails
     */
    public static Dataset read(Reader reader, String source, Set<Integer> allowedClasses) throws IOException {
        return read(reader, source, null, 0, allowedClasses);
    }

    /**
     * Reads a data set from CSV text. The reader is read to its end and not closed.
     *
     * @param reader  the text
     * @param source  name of the text for error messages
     * @param options label column and the model's shape
     * @return the data set
     * @throws DataFormatException if the text is malformed or does not fit the shape
     * @throws IOException         if the reader fails
     */
    public static Dataset parse(Reader reader, String source, Options options) throws IOException {
        return read(reader, source, options.labelColumn(), options.shape().dimension(),
                options.shape().allowedClasses());
    }

    /**
     * Opens a text file as UTF-8 with malformed bytes decoded as U+FFFD, so that {@link #requireUtf8} can report
     * them with their line (a strict decoder fails while filling its buffer, lines ahead, without a line number).
     */
    public static BufferedReader open(Path path) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        try {
            return new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(path.toString(), 0, "", "no such file; expected a CSV file "
                    + "(features..., label)");
        }
    }

    /**
     * @throws DataFormatException naming the line if it holds U+FFFD, the mark of bytes that are not UTF-8
     *                             (no number, label or header of a data file contains it)
     */
    public static void requireUtf8(String source, int lineNumber, String line) {
        int at = line.indexOf('\uFFFD');
        if (at >= 0) {
            throw new DataFormatException(source, lineNumber, "", "is not UTF-8 text: column " + (at + 1)
                    + " holds a byte sequence that is not valid UTF-8 (save the file as UTF-8)");
        }
    }

    private static Dataset read(Reader text, String source, String labelColumn, int expectedDimension,
                                Set<Integer> allowedClasses) throws IOException {
        PushbackReader reader = new PushbackReader(text, 1);
        int first = reader.read();
        if (first >= 0 && first != '\uFEFF') {
            reader.unread(first);
        }
        Records records = new Records(reader, source);
        String[] header = null;
        int headerLine = 0;
        int columns = -1;
        int labelIndex = -1;
        int size = 0;
        double[] rows = new double[64];
        int[] labels = new int[16];
        String[] fields;
        while ((fields = records.next()) != null) {
            int lineNumber = records.lineNumber;
            requireUtf8(source, lineNumber, String.join(",", fields));
            if (columns < 0 && header == null && isHeader(fields)) {
                header = fields;
                headerLine = lineNumber;
                continue;
            }
            if (columns < 0) {
                columns = header != null ? header.length : fields.length;
                String[] names = header != null ? header : defaultNames(columns);
                if (columns < 2) {
                    throw new DataFormatException(source, lineNumber, join(fields),
                            "expected at least 2 columns (x1,label) but found " + columns);
                }
                labelIndex = labelIndex(labelColumn, header, columns, source, headerLine);
                if (expectedDimension > 0 && columns - 1 != expectedDimension) {
                    throw new DataFormatException(source, lineNumber, join(fields), "expected "
                            + (expectedDimension + 1) + " columns (" + expectedDimension
                            + " features and the label) for a model of input dimension " + expectedDimension
                            + " but found " + columns + " (" + String.join(",", names) + ")");
                }
            }
            if (fields.length != columns) {
                String origin = header != null ? " as in the header on line " + headerLine
                        : " as on the first data line";
                String names = String.join(",", header != null ? header : defaultNames(columns));
                throw new DataFormatException(source, lineNumber, join(fields), "expected " + columns
                        + " columns (" + names + ")" + origin + " but found " + fields.length);
            }
            int dimension = columns - 1;
            if ((size + 1) * dimension > rows.length) {
                rows = Arrays.copyOf(rows, Math.max(2 * rows.length, (size + 1) * dimension));
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, 2 * labels.length);
            }
            int i = 0;
            for (int j = 0; j < columns; j++) {
                if (j != labelIndex) {
                    rows[size * dimension + i] = parseFeature(fields, j, header, source, lineNumber);
                    i++;
                }
            }
            labels[size] = parseLabel(fields, labelIndex, allowedClasses, source, lineNumber);
            size++;
        }
        if (size == 0) {
            throw new DataFormatException(source, 0, "", "contains no data lines (" + records.lastLine
                    + " lines read, all blank, comments or a header)");
        }
        int dimension = columns - 1;
        double[] features = new double[dimension * size];
        for (int k = 0; k < size; k++) {
            for (int i = 0; i < dimension; i++) {
                features[i * size + k] = rows[k * dimension + i];
            }
        }
        return new Dataset(dimension, features, Arrays.copyOf(labels, size));
    }

    /** The records of a CSV text as arrays of trimmed fields, with the line each starts on. */
    private static final class Records {
        private final JsonParser parser;
        private final String source;
        private final List<String> fields = new ArrayList<>();
        int lineNumber;
        int lastLine;

        Records(Reader reader, String source) throws IOException {
            this.parser = FACTORY.createParser(reader);
            ((CsvParser) parser).setSchema(SCHEMA);
            this.source = source;
        }

        /** @return the next non-empty record, or null at the end */
        String[] next() throws IOException {
            try {
                JsonToken token;
                while ((token = parser.nextToken()) != null) {
                    if (token == JsonToken.START_ARRAY) {
                        fields.clear();
                    } else if (token == JsonToken.END_ARRAY) {
                        lastLine = Math.max(lastLine, lineNumber);
                        if (fields.size() == 1 && fields.get(0).isBlank()) {
                            continue;
                        }
                        return fields.toArray(new String[0]);
                    } else {
                        if (fields.isEmpty()) {
                            lineNumber = parser.currentTokenLocation().getLineNr();
                        }
                        fields.add(parser.getText().strip());
                    }
                }
                return null;
            } catch (JsonProcessingException e) {
                int line = e.getLocation() == null ? 0 : Math.max(0, e.getLocation().getLineNr());
                String problem = e.getOriginalMessage() == null ? e.getClass().getSimpleName()
                        : e.getOriginalMessage().lines().findFirst().orElse("");
                throw new DataFormatException(source, line, "", "is not valid CSV (" + problem + ")");
            }
        }
    }

    private static int labelIndex(String labelColumn, String[] header, int columns, String source, int headerLine) {
        if (labelColumn == null) {
            return columns - 1;
        }
        if (header == null) {
            throw new DataFormatException(source, 0, "", "has no header line, so the label column '"
                    + labelColumn + "' cannot be found; add a header or leave the label in the last column");
        }
        for (int j = 0; j < header.length; j++) {
            if (header[j].equals(labelColumn)) {
                return j;
            }
        }
        throw new DataFormatException(source, headerLine, join(header), "has no column named '" + labelColumn
                + "'; the columns are " + String.join(",", header));
    }

    /**
     * Writes a data set to a CSV file atomically, replacing the file if it exists. On failure the
     * target is unchanged and the temporary file is removed.
     *
     * @param data the data set
     * @param path the target file; its directory must exist
     * @throws IOException if the file cannot be written or moved into place
     */
    public static void write(Dataset data, Path path) throws IOException {
        AtomicFiles.write(path, out -> write(data, new OutputStreamWriter(out, StandardCharsets.UTF_8)));
    }

    /**
     * Writes a data set as CSV text: the header {@code x1,...,xd,label}, then one record per point.
     * The writer is flushed, not closed.
     *
     * @param data   the data set
     * @param writer the destination
     * @throws IOException if the writer fails
     */
    public static void write(Dataset data, Writer writer) throws IOException {
        int d = data.dimension();
        int m = data.size();
        double[] features = data.features();
        int[] labels = data.labels();
        try (CsvGenerator out = (CsvGenerator) FACTORY.createGenerator(writer)) {
            out.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            out.setSchema(SCHEMA);
            out.writeStartArray();
            for (String name : defaultNames(d + 1)) {
                out.writeString(name);
            }
            out.writeEndArray();
            for (int k = 0; k < m; k++) {
                out.writeStartArray();
                for (int i = 0; i < d; i++) {
                    out.writeNumber(Double.toString(features[i * m + k]));
                }
                out.writeNumber(labels[k]);
                out.writeEndArray();
            }
        }
        writer.flush();
    }

    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            if (isNumber(field)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String field) {
        try {
            parseDecimal(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Double.parseDouble without its Java-only suffixes (1d, 2f), which no CSV writer produces. */
    private static double parseDecimal(String field) {
        if (!field.isEmpty() && "dDfF".indexOf(field.charAt(field.length() - 1)) >= 0) {
            throw new NumberFormatException("type suffix in " + field);
        }
        return Double.parseDouble(field);
    }

    private static double parseFeature(String[] fields, int j, String[] header, String source, int lineNumber) {
        String field = fields[j];
        String name = "column " + (j + 1) + " (" + (header != null ? header[j] : "x" + (j + 1)) + ")";
        double value;
        try {
            value = parseDecimal(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, lineNumber, join(fields), name + " must be a number but is '"
                    + field + "'");
        }
        if (!Double.isFinite(value)) {
            throw new DataFormatException(source, lineNumber, join(fields), name + " must be finite but is '"
                    + field + "'");
        }
        return value;
    }

    private static int parseLabel(String[] fields, int j, Set<Integer> allowedClasses, String source,
                                  int lineNumber) {
        String field = fields[j];
        int label;
        try {
            label = Integer.parseInt(field);
        } catch (NumberFormatException notInt) {
            double value;
            try {
                value = parseDecimal(field);
            } catch (NumberFormatException notNumber) {
                value = Double.NaN;
            }
            if (!(value == Math.rint(value) && Math.abs(value) <= Integer.MAX_VALUE)) {
                throw new DataFormatException(source, lineNumber, join(fields),
                        "label must be a non-negative integer but is '" + field + "'");
            }
            label = (int) value;
        }
        if (label < 0) {
            throw new DataFormatException(source, lineNumber, join(fields),
                    "label must be a non-negative integer but is '" + field + "'");
        }
        if (allowedClasses != null && !allowedClasses.contains(label)) {
            throw new DataFormatException(source, lineNumber, join(fields), "label " + label
                    + " is not one of the allowed classes " + new TreeSet<>(allowedClasses));
        }
        return label;
    }

    /** The record as text for messages: fields joined by commas, quoted where they hold a comma or quote. */
    private static String join(String[] fields) {
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < fields.length; j++) {
            if (j > 0) {
                text.append(',');
            }
            String f = fields[j];
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
                text.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                text.append(f);
            }
        }
        return text.toString();
    }

    private static String[] defaultNames(int columns) {
        String[] names = new String[columns];
        for (int i = 1; i < columns; i++) {
            names[i - 1] = "x" + i;
        }
        names[columns - 1] = "label";
        return names;
    }
}
