package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir
    Path directory;

    /** An IDX file: magic 0x0000 type ndims, big-endian sizes, then the payload. */
    static byte[] idx(int type, int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(0);
        out.writeByte(0);
        out.writeByte(type);
        out.writeByte(dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        out.flush();
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] plain) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        }
        return bytes.toByteArray();
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = directory.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** 4 images of 2×3 pixels with pixel value 10·k + i and labels 3, 0, 9, 1. */
    private Path[] tinyMnist(boolean gzipped) throws IOException {
        byte[] pixels = new byte[4 * 6];
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 6; i++) {
                pixels[k * 6 + i] = (byte) (10 * k + i + 200 * (i % 2));
            }
        }
        byte[] images = idx(0x08, new int[] {4, 2, 3}, pixels);
        byte[] labels = idx(0x08, new int[] {4}, new byte[] {3, 0, 9, 1});
        String suffix = gzipped ? ".gz" : "";
        return new Path[] {
            file("train-images-idx3-ubyte" + suffix, gzipped ? gzip(images) : images),
            file("train-labels-idx1-ubyte" + suffix, gzipped ? gzip(labels) : labels)};
    }

    @Test
    void imagesAreReadFeatureMajorAndScaledToTheUnitInterval() throws IOException {
        Path[] files = tinyMnist(false);
        Dataset data = IdxFile.read(files[0], files[1]);
        assertEquals(6, data.dimension());
        assertEquals(4, data.size());
        assertArrayEquals(new int[] {3, 0, 9, 1}, data.labels());
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < 6; i++) {
                int raw = (10 * k + i + 200 * (i % 2)) & 0xFF;
                assertEquals(raw / 255.0, data.feature(i, k), 0.0, "pixel " + i + " of image " + k);
            }
        }
    }

    @Test
    void imagesOfSeveralConversionBlocksAreReadFeatureMajor() throws IOException {
        // 150 images (two whole blocks of 64 and a part of one) of 5 pixels, each byte value distinct mod 256
        int m = 150;
        int d0 = 5;
        byte[] pixels = new byte[m * d0];
        byte[] labelBytes = new byte[m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d0; i++) {
                pixels[k * d0 + i] = (byte) (7 * k + 31 * i);
            }
            labelBytes[k] = (byte) (k % 10);
        }
        Dataset data = IdxFile.read(file("blocks-images", idx(0x08, new int[] {m, d0}, pixels)),
                file("blocks-labels", idx(0x08, new int[] {m}, labelBytes)));
        assertEquals(d0, data.dimension());
        assertEquals(m, data.size());
        for (int k = 0; k < m; k++) {
            assertEquals(k % 10, data.label(k), "label " + k);
            for (int i = 0; i < d0; i++) {
                assertEquals(((7 * k + 31 * i) & 0xFF) / 255.0, data.feature(i, k), 0.0, "pixel " + i + " of image " + k);
            }
        }
        // a subset of the data set read so is the points it names, in that order
        int[] picked = {149, 0, 64, 63, 127, 128, 5};
        Dataset subset = data.subset(picked);
        for (int j = 0; j < picked.length; j++) {
            assertArrayEquals(data.point(picked[j]), subset.point(j), "point " + j);
            assertEquals(data.label(picked[j]), subset.label(j));
        }
    }

    @Test
    void gzippedFilesGiveTheSameDataSet() throws IOException {
        Path[] plain = tinyMnist(false);
        Dataset expected = IdxFile.read(plain[0], plain[1]);
        Path[] zipped = tinyMnist(true);
        assertEquals(expected, IdxFile.read(zipped[0], zipped[1]));
    }

    @Test
    void labelsFileIsFoundByMnistNaming() {
        assertEquals(directory.resolve("t10k-labels-idx1-ubyte.gz"),
                IdxFile.labelsFor(directory.resolve("t10k-images-idx3-ubyte.gz")));
        assertThrows(DataFormatException.class, () -> IdxFile.labelsFor(directory.resolve("pictures.bin")));
    }

    @Test
    void mnistDirectoryIsReadWithTrainAndTestSets() throws IOException {
        tinyMnist(true);
        byte[] test = idx(0x08, new int[] {1, 2, 3}, new byte[6]);
        file("t10k-images.idx3-ubyte", test);
        file("t10k-labels-idx1-ubyte", idx(0x08, new int[] {1}, new byte[] {7}));
        TrainTest data = DataFiles.mnist(directory);
        assertEquals(4, data.train().size());
        assertArrayEquals(new int[] {7}, data.test().labels());
    }

    @Test
    void otherValueTypesAreReadBigEndian() throws IOException {
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(payload);
        double[] values = {0.5, -1.25, 3e-7, 42.0};
        for (double v : values) {
            out.writeDouble(v);
        }
        Path images = file("x.idx", idx(0x0E, new int[] {2, 2}, payload.toByteArray()));
        ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
        DataOutputStream labelOut = new DataOutputStream(labelBytes);
        labelOut.writeInt(70000);
        labelOut.writeInt(2);
        Path labels = file("y.idx", idx(0x0C, new int[] {2}, labelBytes.toByteArray()));
        Dataset data = IdxFile.read(images, labels);
        assertArrayEquals(new double[] {0.5, 3e-7, -1.25, 42.0}, data.features());
        assertArrayEquals(new int[] {70000, 2}, data.labels());
    }

    private void assertRejected(Path images, Path labels, Path named, String... expected) {
        DataFormatException e = assertThrows(DataFormatException.class, () -> IdxFile.read(images, labels));
        String message = e.getMessage();
        assertTrue(message.startsWith(named.toString() + ":"), message);
        assertFalse(message.contains("\n"), message);
        for (String part : expected) {
            assertTrue(message.contains(part), "'" + part + "' missing in: " + message);
        }
    }

    @Test
    void missingFileIsReportedWithItsName() throws IOException {
        Path[] files = tinyMnist(false);
        Path missing = directory.resolve("nothing-labels-idx1-ubyte");
        assertRejected(files[0], missing, missing, "no such file", "expected an IDX file");
    }

    @Test
    void truncatedDataIsReportedWithTheDeclaredAndFoundSizes() throws IOException {
        Path[] files = tinyMnist(false);
        byte[] whole = Files.readAllBytes(files[0]);
        Path cut = file("cut-images-idx3-ubyte", Arrays.copyOf(whole, whole.length - 5));
        assertRejected(cut, files[1], cut, "truncated", "4x2x3", "24 bytes", "only 19");
        Path header = file("header-images-idx3-ubyte", Arrays.copyOf(whole, 9));
        assertRejected(header, files[1], header, "truncated in its header");
        Path empty = file("empty-images-idx3-ubyte", new byte[0]);
        assertRejected(empty, files[1], empty, "truncated", "header");
    }

    @Test
    void truncatedGzipStreamIsReported() throws IOException {
        Path[] files = tinyMnist(true);
        byte[] whole = Files.readAllBytes(files[0]);
        Path cut = file("cut-images-idx3-ubyte.gz", Arrays.copyOf(whole, whole.length / 2));
        assertRejected(cut, files[1], cut, "gzip", "expected an IDX file");
    }

    @Test
    void wrongMagicNumberIsReported() throws IOException {
        Path[] files = tinyMnist(false);
        byte[] bytes = Files.readAllBytes(files[0]);
        bytes[2] = 0x07;
        Path bad = file("bad-images-idx3-ubyte", bytes);
        assertRejected(bad, files[1], bad, "wrong magic number 0x00000703", "0x00000803");
        Path text = file("text-images-idx3-ubyte", "P5 28 28 255\n".getBytes());
        assertRejected(text, files[1], text, "wrong magic number");
    }

    @Test
    void imageCountDifferentFromLabelCountIsReported() throws IOException {
        Path[] files = tinyMnist(false);
        Path labels = file("short-labels-idx1-ubyte", idx(0x08, new int[] {3}, new byte[] {1, 2, 3}));
        assertRejected(files[0], labels, files[0], "4 images", "3 labels", "expected the same count");
    }

    @Test
    void trailingBytesAndWrongDimensionsAreReported() throws IOException {
        Path[] files = tinyMnist(false);
        byte[] bytes = Files.readAllBytes(files[1]);
        Path longer = file("long-labels-idx1-ubyte", Arrays.copyOf(bytes, bytes.length + 1));
        assertRejected(files[0], longer, longer, "bytes after", "expected the file to end");
        Path flat = file("flat-images-idx3-ubyte", idx(0x08, new int[] {4}, new byte[4]));
        assertRejected(flat, files[1], flat, "at least 2 dimensions");
    }

    @Test
    void hugeDeclaredSizesAreRejectedBeforeAllocating() throws IOException {
        Path[] files = tinyMnist(false);
        Path huge = file("huge-images-idx3-ubyte", idx(0x08, new int[] {60000, 65536, 65536}, new byte[0]));
        assertRejected(huge, files[1], huge, "expected at most");
    }
}
