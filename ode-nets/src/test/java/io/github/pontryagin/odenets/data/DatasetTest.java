package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DatasetTest {

    /** Point k is (k, 1000 + k) with label k % 3, so a point is identified by its first coordinate. */
    private static Dataset numbered(int m) {
        double[] f = new double[2 * m];
        int[] c = new int[m];
        for (int k = 0; k < m; k++) {
            f[k] = k;
            f[m + k] = 1000 + k;
            c[k] = k % 3;
        }
        return new Dataset(2, f, c);
    }

    @Test
    void featuresAreFeatureMajor() {
        Dataset data = new Dataset(2, new double[] {1, 2, 3, 10, 20, 30}, new int[] {0, 1, 0});
        assertEquals(3, data.size());
        assertEquals(2, data.dimension());
        assertEquals(2.0, data.feature(0, 1));
        assertEquals(20.0, data.feature(1, 1));
        assertArrayEquals(new double[] {3, 30}, data.point(2));
        assertEquals(1, data.label(1));
    }

    @Test
    void ofPointsTransposesRowsToFeatureMajor() {
        Dataset data = Dataset.ofPoints(2, new double[][] {{1, 10}, {2, 20}, {3, 30}},
                new int[] {0, 1, 0});
        assertArrayEquals(new double[] {1, 2, 3, 10, 20, 30}, data.features());
    }

    @Test
    void constructorAndAccessorsCopyArrays() {
        double[] f = {1, 2};
        int[] c = {0, 1};
        Dataset data = new Dataset(1, f, c);
        f[0] = 99;
        c[0] = 7;
        assertEquals(1.0, data.feature(0, 0));
        assertEquals(0, data.label(0));
        data.features()[1] = 99;
        data.labels()[1] = 7;
        assertEquals(2.0, data.feature(0, 1));
        assertEquals(1, data.label(1));
    }

    @Test
    void classesAreSortedDistinctLabels() {
        Dataset data = new Dataset(1, new double[] {0, 0, 0, 0, 0}, new int[] {3, 0, 3, 1, 0});
        assertArrayEquals(new int[] {0, 1, 3}, data.classes());
        assertEquals(2, data.count(3));
    }

    @Test
    void constructorRejectsDimensionBelowOne() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(0, new double[0], new int[0]));
        assertTrue(e.getMessage().contains("dimension") && e.getMessage().contains("0"), e.getMessage());
    }

    @Test
    void constructorRejectsMismatchedLengths() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(2, new double[5], new int[3]));
        assertTrue(e.getMessage().contains("6") && e.getMessage().contains("5"), e.getMessage());
    }

    @Test
    void constructorRejectsNonFiniteFeaturesNamingThePoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(2, new double[] {0, 0, 0, Double.NaN}, new int[] {0, 1}));
        assertTrue(e.getMessage().contains("feature(1, 1) = NaN"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new Dataset(1, new double[] {Double.POSITIVE_INFINITY}, new int[] {0}));
    }

    @Test
    void constructorRejectsNegativeLabelsNamingThePoint() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset(1, new double[] {0, 0}, new int[] {0, -2}));
        assertTrue(e.getMessage().contains("label(1) = -2"), e.getMessage());
    }

    @Test
    void subsetTakesPointsInTheGivenOrder() {
        Dataset sub = numbered(5).subset(new int[] {4, 1, 1});
        assertArrayEquals(new double[] {4, 1, 1, 1004, 1001, 1001}, sub.features());
        assertArrayEquals(new int[] {1, 1, 1}, sub.labels());
        assertThrows(IllegalArgumentException.class, () -> numbered(5).subset(new int[] {5}));
    }

    @Test
    void concatAppendsThePointsOfTheOther() {
        Dataset a = numbered(2);
        Dataset b = new Dataset(2, new double[] {7, 8}, new int[] {5});
        Dataset ab = a.concat(b);
        assertArrayEquals(new double[] {0, 1, 7, 1000, 1001, 8}, ab.features());
        assertArrayEquals(new int[] {0, 1, 5}, ab.labels());
        assertThrows(IllegalArgumentException.class,
                () -> a.concat(new Dataset(1, new double[] {0}, new int[] {0})));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 37, 100})
    void splitHasRequestedSizesAndIsADisjointCoverOfThePoints(int trainCount) {
        Dataset data = numbered(100);
        TrainTest split = data.split(trainCount, 42L);
        assertEquals(trainCount, split.train().size());
        assertEquals(100 - trainCount, split.test().size());

        List<Double> seen = new ArrayList<>();
        for (Dataset part : List.of(split.train(), split.test())) {
            for (int k = 0; k < part.size(); k++) {
                double id = part.feature(0, k);
                seen.add(id);
                // a point keeps its second coordinate and its label
                assertEquals(1000 + id, part.feature(1, k));
                assertEquals((int) id % 3, part.label(k));
            }
        }
        assertEquals(100, new HashSet<>(seen).size(), "train and test overlap");
        Set<Double> all = new HashSet<>();
        for (int k = 0; k < 100; k++) {
            all.add((double) k);
        }
        assertEquals(all, new HashSet<>(seen));
    }

    @Test
    void splitIsDeterministicForASeedAndShuffles() {
        Dataset data = numbered(200);
        assertEquals(data.split(120, 7L), data.split(120, 7L));
        assertNotEquals(data.split(120, 7L).train(), data.split(120, 8L).train());
        double[] firstCoordinates = Arrays.copyOf(data.split(200, 7L).train().features(), 200);
        assertFalse(Arrays.equals(Arrays.copyOf(data.features(), 200), firstCoordinates),
                "split did not shuffle");
    }

    @Test
    void splitByFractionRoundsTheTrainCount() {
        Dataset data = numbered(11);
        assertEquals(8, data.split(0.7, 1L).train().size());
        assertEquals(0, data.split(0.0, 1L).train().size());
        assertEquals(11, data.split(1.0, 1L).train().size());
    }

    @Test
    void splitRejectsOutOfRangeArguments() {
        Dataset data = numbered(10);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> data.split(11, 0L));
        assertTrue(e.getMessage().contains("trainCount") && e.getMessage().contains("11"));
        e = assertThrows(IllegalArgumentException.class, () -> data.split(1.5, 0L));
        assertTrue(e.getMessage().contains("trainFraction") && e.getMessage().contains("1.5"));
        assertThrows(IllegalArgumentException.class, () -> data.split(Double.NaN, 0L));
    }

    @Test
    void permutationIsAPermutation() {
        int[] p = Dataset.permutation(1000, 3L);
        int[] sorted = p.clone();
        Arrays.sort(sorted);
        for (int k = 0; k < 1000; k++) {
            assertEquals(k, sorted[k]);
        }
    }
}
