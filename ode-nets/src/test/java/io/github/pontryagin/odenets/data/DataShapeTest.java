package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading data for a given model: label column, quoting and the model's dimension and classes. */
class DataShapeTest {

    @TempDir
    Path directory;

    private Path file(String name, String text) throws IOException {
        Path p = directory.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void oneDimensionalFileForATwoDimensionalModelIsRejected() throws IOException {
        Path p = file("donut1d.csv", "x1,label\n0.5,1\n-0.1,0\n");
        DatasetCsv.Options options = DatasetCsv.Options.DEFAULT.withShape(DataShape.of(2, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(p, options));
        assertEquals(p + ":2: expected 3 columns (2 features and the label) for a model of input dimension 2 "
                + "but found 2 (x1,label): '0.5,1'", e.getMessage());
    }

    @Test
    void labelOutsideABinaryModelsClassesIsRejected() throws IOException {
        Path p = file("labels.csv", "0.1,0.2,1\n0.3,0.4,7\n");
        DatasetCsv.Options options = DatasetCsv.Options.DEFAULT.withShape(DataShape.of(2, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(p, options));
        assertEquals(p + ":2: label 7 is not one of the allowed classes [0, 1]: '0.3,0.4,7'", e.getMessage());
    }

    @Test
    void labelColumnIsChosenByHeaderNameAndQuotedFieldsAreRead() throws IOException {
        Path p = file("named.csv", "\"class\",\"width, cm\",height\n1,\"0.5\",2\n\"0\",1.5,-3\n");
        Dataset data = DatasetCsv.read(p, DatasetCsv.Options.DEFAULT.withLabelColumn("class"));
        assertEquals(2, data.dimension());
        assertArrayEquals(new int[] {1, 0}, data.labels());
        assertArrayEquals(new double[] {0.5, 1.5, 2, -3}, data.features());
    }

    @Test
    void unknownLabelColumnNamesTheColumnsThereAre() throws IOException {
        Path p = file("named.csv", "a,b,c\n1,2,0\n");
        DataFormatException e = assertThrows(DataFormatException.class,
                () -> DatasetCsv.read(p, DatasetCsv.Options.DEFAULT.withLabelColumn("digit")));
        assertTrue(e.getMessage().startsWith(p + ":1: has no column named 'digit'; the columns are a,b,c"),
                e.getMessage());
        Path noHeader = file("plain.csv", "1,2,0\n");
        e = assertThrows(DataFormatException.class,
                () -> DatasetCsv.read(noHeader, DatasetCsv.Options.DEFAULT.withLabelColumn("digit")));
        assertTrue(e.getMessage().contains("has no header line"), e.getMessage());
    }

    @Test
    void unterminatedQuoteIsADataFormatException() throws IOException {
        Path p = file("quote.csv", "x1,label\n\"0.5,1\n");
        DataFormatException e = assertThrows(DataFormatException.class, () -> DatasetCsv.read(p));
        assertTrue(e.getMessage().startsWith(p + ":"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void shapeChecksEveryFormat() throws IOException {
        Path x = directory.resolve("x.npy");
        Path y = directory.resolve("y.npy");
        NpyFile.writeDataset(new Dataset(1, new double[] {0.1, 0.2}, new int[] {0, 3}), x, y);
        DatasetCsv.Options binary2d = DatasetCsv.Options.DEFAULT.withShape(DataShape.of(2, 2));
        DataFormatException e = assertThrows(DataFormatException.class, () -> DataFiles.read(x, y, binary2d));
        assertEquals(x + ": points have dimension 1 but the model expects input dimension 2", e.getMessage());
        DatasetCsv.Options binary1d = DatasetCsv.Options.DEFAULT.withShape(DataShape.of(1, 2));
        e = assertThrows(DataFormatException.class, () -> DataFiles.read(x, y, binary1d));
        assertEquals(x + ": label 3 of point 1 is not one of the model's classes 0..1", e.getMessage());
        assertEquals(2, DataFiles.read(x, y, DatasetCsv.Options.DEFAULT).size());
    }

    @Test
    void invalidShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new DataShape(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new DataShape(2, 1));
        assertThrows(IllegalArgumentException.class, () -> DataShape.of(0, 2));
    }
}
