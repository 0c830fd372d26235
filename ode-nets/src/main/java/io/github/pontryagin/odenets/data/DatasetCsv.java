package io.github.pontryagin.odenets.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import io.github.pontryagin.odenets.io.AtomicFiles;

/**
 * Data sets as CSV files, one point per line: {@code x1,...,xd,label} (docs/theory.md §4: "also read CSV
 * (features…, label)").
 *
 * <p>Writing: a header line {@code x1,...,xd,label}, then one line per point with the features
 * written by {@link Double#toString(double)} (which reads back to the same bits) and the label as
 * an integer; lines end with {@code \n}; UTF-8. Writing to a path is atomic: the text goes to a
 * hidden temporary file in the target's directory which is then moved over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE} (or {@link StandardCopyOption#REPLACE_EXISTING} where the
 * file system cannot move atomically), so a reader never sees a half-written file.
 *
 * <p>Reading: blank lines and lines whose first non-blank character is {@code #} are skipped.
 * The first remaining line is a header, and skipped, when none of its fields is a number. Fields
 * are separated by commas and may be surrounded by blanks. All data lines must have as many
 * columns as the header, or, without a header, as the first data line; at least two (one feature
 * and the label). Features must be finite decimal numbers; labels non-negative integers
 * ({@code 1} or {@code 1.0}), optionally from an allowed set of classes. Every violation, bytes that
 * are not UTF-8, and a file without data lines, raise a {@link DataFormatException} naming the file, the line and
 * the offending text.
 */
public final class DatasetCsv {

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
        return read(path, null);
    }

    /**
     * Reads a data set from a CSV file.
     *
     * @param path           the file; its name appears in error messages
     * @param allowedClasses the labels accepted, or {@code null} for any non-negative integer
     * @return the data set
     * @throws DataFormatException if the file is malformed or a label is not allowed
     * @throws IOException         if the file cannot be read
     */
    public static Dataset read(Path path, Set<Integer> allowedClasses) throws IOException {
        try (Reader reader = open(path)) {
            return read(reader, path.toString(), allowedClasses);
        }
    }

    /**
     * Opens a text file as UTF-8 with malformed bytes decoded as U+FFFD, so that {@link #requireUtf8} can
     * report them with their line (a strict decoder fails while filling its buffer, lines ahead).
     */
    public static BufferedReader open(Path path) throws IOException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(path), decoder));
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

    /**
     * Reads a data set from CSV text. The reader is read to its end and not closed.
     *
     * @param reader         the text
     * @param source         name of the text for error messages, e.g. a file name
     * @param allowedClasses the labels accepted, or {@code null} for any non-negative integer
     * @return the data set
     * @throws DataFormatException if the text is malformed or a label is not allowed
     * @throws IOException         if the reader fails
     */
    public static Dataset read(Reader reader, String source, Set<Integer> allowedClasses)
            throws IOException {
        BufferedReader lines = reader instanceof BufferedReader ? (BufferedReader) reader
                : new BufferedReader(reader);
        int columns = -1;
        int headerColumns = -1;
        int headerLine = 0;
        int lineNumber = 0;
        int size = 0;
        double[] rows = new double[64];
        int[] labels = new int[16];
        String line;
        while ((line = lines.readLine()) != null) {
            lineNumber++;
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            requireUtf8(source, lineNumber, line);
            String text = line.strip();
            if (text.isEmpty() || text.startsWith("#")) {
                continue;
            }
            String[] fields = text.split(",", -1);
            for (int j = 0; j < fields.length; j++) {
                fields[j] = fields[j].strip();
            }
            if (columns < 0 && headerColumns < 0 && isHeader(fields)) {
                headerColumns = fields.length;
                headerLine = lineNumber;
                continue;
            }
            if (columns < 0) {
                columns = headerColumns >= 0 ? headerColumns : fields.length;
                if (columns < 2) {
                    throw new DataFormatException(source, lineNumber, line,
                            "expected at least 2 columns (x1,label) but found " + columns);
                }
            }
            if (fields.length != columns) {
                String origin = headerColumns >= 0 ? " as in the header on line " + headerLine
                        : " as on the first data line";
                throw new DataFormatException(source, lineNumber, line, "expected " + columns
                        + " columns (" + columnNames(columns) + ")" + origin + " but found "
                        + fields.length);
            }
            int dimension = columns - 1;
            if ((size + 1) * dimension > rows.length) {
                rows = Arrays.copyOf(rows, Math.max(2 * rows.length, (size + 1) * dimension));
            }
            if (size == labels.length) {
                labels = Arrays.copyOf(labels, 2 * labels.length);
            }
            for (int i = 0; i < dimension; i++) {
                rows[size * dimension + i] = parseFeature(fields[i], i, source, lineNumber, line);
            }
            labels[size] = parseLabel(fields[dimension], allowedClasses, source, lineNumber, line);
            size++;
        }
        if (size == 0) {
            throw new DataFormatException(source, 0, "", "contains no data lines (" + lineNumber
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

    /**
     * Writes a data set to a CSV file atomically, replacing the file if it exists. On failure the
     * target is unchanged and the temporary file is removed.
     *
     * @param data the data set
     * @param path the target file; its directory must exist
     * @throws IOException if the file cannot be written or moved into place
     */
    public static void write(Dataset data, Path path) throws IOException {
        AtomicFiles.write(path, out -> {
            Writer writer = new java.io.BufferedWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8));
            write(data, writer);
        });
    }

    /**
     * Writes a data set as CSV text: the header {@code x1,...,xd,label}, then one line per point.
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
        StringBuilder line = new StringBuilder(32 * (d + 1));
        writer.write(columnNames(d + 1));
        writer.write('\n');
        for (int k = 0; k < m; k++) {
            line.setLength(0);
            for (int i = 0; i < d; i++) {
                line.append(Double.toString(features[i * m + k])).append(',');
            }
            line.append(labels[k]).append('\n');
            writer.write(line.toString());
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

    private static double parseFeature(String field, int i, String source, int lineNumber,
            String line) {
        double value;
        try {
            value = parseDecimal(field);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, lineNumber, line, "column " + (i + 1) + " (x"
                    + (i + 1) + ") must be a number but is '" + field + "'");
        }
        if (!Double.isFinite(value)) {
            throw new DataFormatException(source, lineNumber, line, "column " + (i + 1) + " (x"
                    + (i + 1) + ") must be finite but is '" + field + "'");
        }
        return value;
    }

    private static int parseLabel(String field, Set<Integer> allowedClasses, String source,
            int lineNumber, String line) {
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
                throw new DataFormatException(source, lineNumber, line,
                        "label must be a non-negative integer but is '" + field + "'");
            }
            label = (int) value;
        }
        if (label < 0) {
            throw new DataFormatException(source, lineNumber, line,
                    "label must be a non-negative integer but is '" + field + "'");
        }
        if (allowedClasses != null && !allowedClasses.contains(label)) {
            throw new DataFormatException(source, lineNumber, line, "label " + label
                    + " is not one of the allowed classes " + new TreeSet<>(allowedClasses));
        }
        return label;
    }

    private static String columnNames(int columns) {
        StringBuilder names = new StringBuilder();
        for (int i = 1; i < columns; i++) {
            names.append('x').append(i).append(',');
        }
        return names.append("label").toString();
    }
}
