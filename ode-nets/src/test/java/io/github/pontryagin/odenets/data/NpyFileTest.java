package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyFileTest {

    @TempDir
    Path directory;

    /** A version 1.0 .npy file with the given header dict and payload. */
    static byte[] npy(String dict, byte[] payload) {
        String header = dict + "\n";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
        out.write(header.length() & 0xFF);
        out.write(header.length() >>> 8);
        out.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(payload);
        return out.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = directory.resolve(name);
        Files.write(p, content);
        return p;
    }

    @Test
    void writeThenReadIsBitExactForRandomBitPatterns() throws IOException {
        SplittableRandom random = new SplittableRandom(3L);
        int m = 200;
        double[] features = new double[3 * m];
        for (int i = 0; i < features.length; i++) {
            double x;
            do {
                x = Double.longBitsToDouble(random.nextLong());
            } while (!Double.isFinite(x));
            features[i] = x;
        }
        Dataset data = new Dataset(3, features, random.ints(m, 0, 10).toArray());
        Path x = directory.resolve("x.npy");
        Path y = directory.resolve("y.npy");
        NpyFile.writeDataset(data, x, y);
        Dataset back = NpyFile.readDataset(x, y);
        assertArrayEquals(Arrays.stream(data.features()).mapToLong(Double::doubleToRawLongBits).toArray(),
                Arrays.stream(back.features()).mapToLong(Double::doubleToRawLongBits).toArray());
        assertArrayEquals(data.labels(), back.labels());
    }

    @Test
    void writtenHeaderFollowsTheFormat() throws IOException {
        Path p = directory.resolve("a.npy");
        NpyFile.write(new NpyFile.Array(new int[] {2, 3}, new double[6]), p);
        byte[] bytes = Files.readAllBytes(p);
        int headerLength = (bytes[8] & 0xFF) | (bytes[9] & 0xFF) << 8;
        assertEquals(0, (10 + headerLength) % 64, "data must start on a 64-byte boundary");
        String header = new String(bytes, 10, headerLength, StandardCharsets.ISO_8859_1);
        assertTrue(header.startsWith("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLength + 6 * 8, bytes.length);
    }

    @Test
    void floatFortranOrderIsReadInCOrder() throws IOException {
        ByteBuffer payload = ByteBuffer.allocate(6 * 4).order(ByteOrder.LITTLE_ENDIAN);
        // the 2x3 matrix [[1, 2, 3], [4, 5, 6]] in column-major order
        for (float v : new float[] {1, 4, 2, 5, 3, 6}) {
            payload.putFloat(v);
        }
        Path p = file("f.npy", npy("{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }", payload.array()));
        NpyFile.Array a = NpyFile.read(p);
        assertArrayEquals(new int[] {2, 3}, a.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, a.values());
    }

    @Test
    void integerTypesInBothByteOrdersAreRead() throws IOException {
        ByteBuffer big = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
        big.putInt(-7).putInt(123456);
        NpyFile.Array a = NpyFile.read(file("b.npy", npy("{'descr': '>i4', 'fortran_order': False, 'shape': (2,), }",
                big.array())));
        assertArrayEquals(new double[] {-7, 123456}, a.values());
        NpyFile.Array u = NpyFile.read(file("u.npy", npy("{'descr': '|u1', 'fortran_order': False, 'shape': (3,), }",
                new byte[] {(byte) 255, 0, 9})));
        assertArrayEquals(new double[] {255, 0, 9}, u.values());
    }

    @Test
    void matrixWithLabelInTheLastColumnIsADataSet() throws IOException {
        Path p = directory.resolve("m.npy");
        NpyFile.write(new NpyFile.Array(new int[] {3, 3}, new double[] {0.5, 1, 1, -2, 0.25, 0, 3, 3, 2}), p);
        Dataset data = NpyFile.readDataset(p);
        assertEquals(2, data.dimension());
        assertArrayEquals(new int[] {1, 0, 2}, data.labels());
        assertArrayEquals(new double[] {0.5, -2, 3, 1, 0.25, 3}, data.features());
    }

    private void assertRejected(Path path, String... expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyFile.readDataset(path));
        String message = e.getMessage();
        assertTrue(message.startsWith(path + ":"), message);
        assertFalse(message.contains("\n"), message);
        for (String part : expected) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void unsupportedDtypeIsReportedWithTheSupportedOnes() throws IOException {
        Path complex = file("c.npy", npy("{'descr': '<c16', 'fortran_order': False, 'shape': (1, 2), }",
                new byte[32]));
        assertRejected(complex, "dtype '<c16'", "expected one of <f8");
        Path object = file("o.npy", npy("{'descr': '|O', 'fortran_order': False, 'shape': (1, 2), }", new byte[16]));
        assertRejected(object, "dtype '|O'");
        Path unicode = file("s.npy", npy("{'descr': '<U3', 'fortran_order': False, 'shape': (1, 2), }", new byte[24]));
        assertRejected(unicode, "dtype '<U3'");
    }

    @Test
    void malformedFilesAreReported() throws IOException {
        assertRejected(file("magic.npy", "x,label\n1,0\n".getBytes(StandardCharsets.US_ASCII)), "magic");
        assertRejected(directory.resolve("missing.npy"), "no such file");
        byte[] good = npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 2), }", new byte[32]);
        assertRejected(file("cut.npy", Arrays.copyOf(good, good.length - 1)), "truncated", "32 bytes", "only 31");
        assertRejected(file("header.npy", Arrays.copyOf(good, 20)), "truncated");
        assertRejected(file("dict.npy", npy("{'descr': '<f8'}", new byte[0])), "expected a dict");
        assertRejected(file("one.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1), }",
                new byte[16])), "expected (M, d0 + 1)");
        ByteBuffer nonIntegral = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putDouble(0.5).putDouble(1.5);
        assertRejected(file("label.npy", npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }",
                nonIntegral.array())), "label of point 0 is 1.5", "non-negative integer");
    }

    @Test
    void featureAndLabelCountsMustAgree() throws IOException {
        Path x = directory.resolve("x.npy");
        NpyFile.write(new NpyFile.Array(new int[] {3, 2}, new double[6]), x);
        Path y = directory.resolve("y.npy");
        NpyFile.writeLabels(new int[] {0, 1}, y);
        DataFormatException e = assertThrows(DataFormatException.class, () -> NpyFile.readDataset(x, y));
        assertTrue(e.getMessage().startsWith(x + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("3 points but " + y + " has 2 labels"), e.getMessage());
    }
}
