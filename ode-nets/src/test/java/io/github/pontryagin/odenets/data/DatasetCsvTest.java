package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DatasetCsvTest {

    @TempDir
    Path directory;

    private Path file(String name, String text) throws IOException {
        Path path = directory.resolve(name);
        Files.writeString(path, text, StandardCharsets.UTF_8);
        return path;
    }

    private static void assertBitIdentical(Dataset expected, Dataset actual) {
        assertEquals(expected.dimension(), actual.dimension());
        assertEquals(expected.size(), actual.size());
        double[] e = expected.features();
        double[] a = actual.features();
        for (int idx = 0; idx < e.length; idx++) {
            assertEquals(Double.doubleToRawLongBits(e[idx]), Double.doubleToRawLongBits(a[idx]),
                    "feature " + idx + ": " + e[idx] + " read back as " + a[idx]);
        }
        assertArrayEquals(expected.labels(), actual.labels());
    }

    @Test
    void writeThenReadIsBitExactForGeneratedData() throws IOException {
        for (DatasetGenerator generator : DatasetGenerator.all()) {
            Dataset data = generator.generate(2000, 5L);
            Path path = directory.resolve(generator.label() + ".csv");
            DatasetCsv.write(data, path);
            assertBitIdentical(data, DatasetCsv.read(path));
        }
    }

    @Test
    void writeThenReadIsBitExactForExtremeAndRandomBitPatterns() throws IOException {
        SplittableRandom random = new SplittableRandom(11L);
        int m = 5000;
        double[] features = new double[3 * m];
        double[] special = {0.0, -0.0, 0.1, 1.0 / 3, Math.PI, Double.MIN_VALUE, -Double.MIN_NORMAL,
            Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, 2e-3, 1e23, 123456789.123456789};
        for (int idx = 0; idx < features.length; idx++) {
            double x;
            if (idx < special.length) {
                x = special[idx];
            } else {
                do {
                    x = Double.longBitsToDouble(random.nextLong());
                } while (!Double.isFinite(x));
            }
            features[idx] = x;
        }
        int[] labels = random.ints(m, 0, 4).toArray();
        Dataset data = new Dataset(3, features, labels);
        Path path = directory.resolve("bits.csv");
        DatasetCsv.write(data, path);
        assertBitIdentical(data, DatasetCsv.read(path));
    }

    @Test
    void writtenFileHasHeaderAndOneLinePerPoint() throws IOException {
        Dataset data = new Dataset(2, new double[] {0.5, -1.0, 0.25, 3.0}, new int[] {1, 0});
        StringWriter out = new StringWriter();
        DatasetCsv.write(data, out);
        assertEquals("x1,x2,label\n0.5,0.25,1\n-1.0,3.0,0\n", out.toString());
    }

    @Test
    void readSkipsCommentsBlankLinesAndAnOptionalHeader() throws IOException {
        String body = "0.5, 0.25 ,1\r\n\n   \n# a comment, with commas\n-1,3e0,0\n";
        Dataset withHeader = DatasetCsv.read(file("h.csv", "# made by hand\n\nx,y,class\n" + body));
        Dataset without = DatasetCsv.read(file("n.csv", body));
        Dataset expected = new Dataset(2, new double[] {0.5, -1.0, 0.25, 3.0}, new int[] {1, 0});
        assertEquals(expected, withHeader);
        assertEquals(expected, without);
    }

    @Test
    void labelsWrittenAsIntegralDecimalsAreAccepted() throws IOException {
        Dataset data = DatasetCsv.read(new StringReader("0.5,1.0\n0.7,0e0\n"), "s", null);
        assertArrayEquals(new int[] {1, 0}, data.labels());
    }

    @Test
    void allowedClassesAcceptMatchingLabels() throws IOException {
        Dataset data = DatasetCsv.read(file("ok.csv", "0.5,1\n0.7,0\n"), Set.of(0, 1));
        assertArrayEquals(new int[] {0, 1}, data.classes());
    }

    static Stream<Arguments> malformedFiles() {
        return Stream.of(
                Arguments.of("x1,x2,label\n0.1,0.2,1\n0.5,0.3\n", 3, "0.5,0.3", "expected 3 columns (x1,x2,label)"),
                Arguments.of("0.1,0.2,1\n0.5,0.3,1,7\n", 2, "0.5,0.3,1,7", "but found 4"),
                Arguments.of("x1,x2,label\n0.1,1\n", 2, "0.1,1", "as in the header on line 1"),
                Arguments.of("0.1\n", 1, "0.1", "at least 2 columns"),
                Arguments.of("0.1,0.2,1\n0.1,abc,0\n", 2, "0.1,abc,0", "column 2 (x2) must be a number but is 'abc'"),
                Arguments.of("0.1,0.2,1\n0.1,,0\n", 2, "0.1,,0", "must be a number"),
                Arguments.of("0.1,0.2,1\n0.1,2.5d,0\n", 2, "0.1,2.5d,0", "must be a number"),
                Arguments.of("0.1,0.2,1\nNaN,0.2,0\n", 2, "NaN,0.2,0", "column 1 (x1) must be finite but is 'NaN'"),
                Arguments.of("0.1,0.2,1\n0.1,-Infinity,0\n", 2, "0.1,-Infinity,0", "must be finite"),
                Arguments.of("0.1,0.2,1\n0.1,1e400,0\n", 2, "0.1,1e400,0", "must be finite"),
                Arguments.of("# c\n\n0.1,0.2,1\n0.1,0.2,1.5\n", 4, "0.1,0.2,1.5", "label must be a non-negative integer but is '1.5'"),
                Arguments.of("0.1,0.2,one\n", 1, "0.1,0.2,one", "label must be a non-negative integer"),
                Arguments.of("0.1,0.2,-1\n", 1, "0.1,0.2,-1", "label must be a non-negative integer"),
                Arguments.of("0.1,0.2,NaN\n", 1, "0.1,0.2,NaN", "label must be a non-negative integer"));
    }

    @ParameterizedTest
    @MethodSource("malformedFiles")
    void malformedLinesAreReportedWithFileLineAndText(String text, int line, String offending,
            String problem) throws IOException {
        Path path = file("points.csv", text);
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(path));
        String message = e.getMessage();
        assertTrue(message.startsWith(path + ":" + line + ": "), message);
        assertTrue(message.contains("points.csv"), message);
        assertTrue(message.contains("'" + offending + "'"), message);
        assertTrue(message.contains(problem), message);
        assertEquals(line, e.lineNumber());
        assertEquals(offending, e.lineText());
        assertEquals(path.toString(), e.source());
    }

    @Test
    void columnCountErrorHasTheDocumentedForm() throws IOException {
        Path path = file("points.csv", "0.1,0.2,1\n0.5,0.3\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(path));
        assertEquals(path + ":2: expected 3 columns (x1,x2,label) as on the first data line but found 2: '0.5,0.3'",
                e.getMessage());
    }

    @Test
    void labelOutsideTheAllowedClassesIsReported() throws IOException {
        Path path = file("labels.csv", "0.1,0\n0.2,2\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DatasetCsv.read(path, Set.of(0, 1)));
        assertTrue(e.getMessage().startsWith(path + ":2: label 2 is not one of the allowed classes [0, 1]"),
                e.getMessage());
        assertTrue(e.getMessage().contains("'0.2,2'"), e.getMessage());
    }

    @Test
    void fileWithoutDataLinesIsReported() throws IOException {
        for (String text : List.of("", "\n\n", "# only a comment\n", "x1,x2,label\n")) {
            Path path = file("empty.csv", text);
            DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(path));
            assertTrue(e.getMessage().startsWith(path + ":"), e.getMessage());
            assertTrue(e.getMessage().contains("no data lines"), e.getMessage());
        }
    }

    @Test
    void dataFormatExceptionIsAnIllegalArgumentException() {
        assertTrue(IllegalArgumentException.class.isAssignableFrom(DataFormatException.class));
    }

    @Test
    void writeLeavesNoTemporaryFilesAndReplacesAnExistingFile() throws IOException {
        Path path = directory.resolve("out.csv");
        Files.writeString(path, "old contents that are longer than the new ones, 1,2,3,4,5,6,7,8,9\n");
        Dataset data = new Dataset(1, new double[] {0.5}, new int[] {1});
        DatasetCsv.write(data, path);
        DatasetCsv.write(data, path);
        try (Stream<Path> files = Files.list(directory)) {
            List<String> names = files.map(p -> p.getFileName().toString()).collect(Collectors.toList());
            assertEquals(List.of("out.csv"), names);
        }
        assertEquals("x1,label\n0.5,1\n", Files.readString(path));
    }

    @Test
    void failedWriteLeavesNoTemporaryFileAndKeepsTheTarget() throws IOException {
        Path target = directory.resolve("taken");
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside.txt"), "x");
        Dataset data = new Dataset(1, new double[] {0.5}, new int[] {1});
        assertThrows(IOException.class, () -> DatasetCsv.write(data, target));
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of("taken"),
                    files.map(p -> p.getFileName().toString()).collect(Collectors.toList()));
        }
        assertTrue(Files.isDirectory(target));
    }
}
