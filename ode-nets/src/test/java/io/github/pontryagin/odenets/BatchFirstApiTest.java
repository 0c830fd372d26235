package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.odenets.data.Dataset;

/** Points one per row, data sets, and the evaluation with its confusion matrix. */
class BatchFirstApiTest {

    /** 60 points of 3 classes in the plane, labels from the angle. */
    private static Dataset threeClasses() {
        SplittableRandom random = new SplittableRandom(4);
        int m = 60;
        double[] x = new double[2 * m];
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            double a = 2 * Math.PI * random.nextDouble();
            x[k] = Math.cos(a) * (0.5 + random.nextDouble());
            x[m + k] = Math.sin(a) * (0.5 + random.nextDouble());
            labels[k] = (int) (3 * a / (2 * Math.PI));
        }
        return new Dataset(2, x, labels);
    }

    private static OdeNet net() {
        OdeNet net = OdeNet.builder().inputDimension(2).width(3).layers(3).tableau("heun").head("softmax").classes(3)
                .seed(8).build();
        double[] u = net.parameters().clone();
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < u.length; i++) {
            u[i] += random.nextDouble() - 0.5;
        }
        net.setParameters(u);
        return net;
    }

    @Test
    void rowsAndDataSetsGiveTheFeatureMajorResults() {
        Dataset data = threeClasses();
        int m = data.size();
        double[][] rows = new double[m][];
        for (int k = 0; k < m; k++) {
            rows[k] = data.point(k);
        }
        try (OdeNet net = net()) {
            int[] expected = net.predict(data.features(), m);
            assertArrayEquals(expected, net.predict(rows));
            assertArrayEquals(expected, net.predict(data));
            double[] p = net.probabilities(data.features(), m);
            double[][] byRow = net.probabilities(rows);
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < 3; c++) {
                    assertEquals(p[c * m + k], byRow[k][c], 0.0);
                }
            }
            assertTrue(java.util.Arrays.stream(expected).distinct().count() > 1, "the net must not be constant");
        }
    }

    @Test
    void aFeatureMajorOrRaggedArrayIsRefusedInOneLine() {
        try (OdeNet net = net()) {
            double[][] featureMajor = {{0.1, 0.2, 0.3, 0.4, 0.5}, {1, 2, 3, 4, 5}};
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.predict(featureMajor));
            assertTrue(e.getMessage().contains("feature-major (d0 × M)") && !e.getMessage().contains("\n"),
                    e.getMessage());
            double[][] ragged = {{0.1, 0.2}, {0.3}, {0.5, 0.6}};
            e = assertThrows(IllegalArgumentException.class, () -> net.probabilities(ragged));
            assertTrue(e.getMessage().startsWith("point 1 has 1 coordinates"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> net.predict(new double[0][]));
            assertThrows(IllegalArgumentException.class, () -> net.predict(new Dataset(1, new double[]{1, 2},
                    new int[]{0, 1})));
        }
    }

    @Test
    void evaluationHoldsLossAccuracyAndAConsistentConfusionMatrix() {
        Dataset data = threeClasses();
        int m = data.size();
        try (OdeNet net = net()) {
            Evaluation e = net.evaluate(data);
            assertEquals(net.loss(data.features(), data.labels(), m), e.loss(), 0.0);
            assertEquals(net.accuracy(data.features(), data.labels(), m), e.accuracy(), 0.0);
            int[][] confusion = e.confusion();
            assertEquals(3, e.classes());
            int[] predicted = net.predict(data);
            int total = 0;
            int diagonal = 0;
            for (int c = 0; c < 3; c++) {
                int row = 0;
                int column = 0;
                for (int p = 0; p < 3; p++) {
                    row += confusion[c][p];
                    column += confusion[p][c];
                }
                assertEquals(data.count(c), row, "row " + c + " counts the points labelled " + c);
                int predictedAsC = 0;
                for (int v : predicted) {
                    predictedAsC += v == c ? 1 : 0;
                }
                assertEquals(predictedAsC, column);
                assertEquals((double) confusion[c][c] / row, e.recall(c), 0.0);
                total += row;
                diagonal += confusion[c][c];
            }
            assertEquals(m, total);
            assertEquals((double) diagonal / m, e.accuracy(), 0.0);
            confusion[0][0] += 1000;
            assertFalse(e.confusion()[0][0] >= 1000, "the accessor returns a copy");
            String[] table = e.confusionTable().strip().split("\n");
            assertEquals(5, table.length);
            for (String line : table) {
                assertEquals(5, line.chars().filter(ch -> ch == '|').count(), line);
            }
        }
    }
}
