package io.github.pontryagin.odenets.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al. 1998, "Gradient-based learning applied to document
 * recognition"; format described with the data set): a magic number {@code 0x00 0x00 TYPE NDIMS}, NDIMS
 * big-endian 32-bit sizes, then the values in row-major order, big-endian. TYPE is {@code 0x08} unsigned
 * byte, {@code 0x09} signed byte, {@code 0x0B} short, {@code 0x0C} int, {@code 0x0D} float or {@code 0x0E}
 * double. A file may be gzip-compressed (recognised by its first two bytes, whatever its name).
 *
 * <p>{@link #read(Path, Path)} makes a {@link Dataset} of an images file (first size = number of points,
 * the product of the others = d0; unsigned bytes scaled to {@code [0, 1]} by 1/255) and a labels file
 * (one dimension, integer type). A missing or truncated file, a wrong magic number, trailing bytes,
 * or an image count that differs from the label count raise a {@link DataFormatException} naming the
 * file and what was expected.
 */
public final class IdxFile {

    /** The type code of unsigned bytes, MNIST's pixels and labels. */
    public static final int UNSIGNED_BYTE = 0x08;
    /** Images converted together: 64 MNIST images are 50 KB of bytes, in L2 while their pixels are written. */
    private static final int IMAGE_BLOCK = 64;

    private IdxFile() {
    }

    /** The header and raw big-endian values of an IDX file. */
    private record Raw(String source, int type, int[] dims, byte[] data) {
        long count() {
            long n = 1;
            for (int d : dims) {
                n *= d;
            }
            return n;
        }
    }

    /**
     * Reads images and labels as a data set; pixels of unsigned-byte files are scaled by 1/255.
     *
     * @param images an IDX file with at least 2 dimensions (points × pixels...), gzip or not
     * @param labels an IDX file with one dimension of integer type, as many entries as images
     * @return the data set, d0 = the product of the image dimensions
     * @throws DataFormatException if a file is missing or malformed or the counts differ
     * @throws IOException         if a file cannot be read
     */
    public static Dataset read(Path images, Path labels) throws IOException {
        Raw x = readRaw(images);
        if (x.dims.length < 2) {
            throw new DataFormatException(x.source, 0, "", "expected images with at least 2 dimensions "
                    + "(points x pixels) but the header has " + x.dims.length + " (" + dimsText(x.dims) + ")");
        }
        int[] y = readLabels(labels);
        int m = x.dims[0];
        if (y.length != m) {
            throw new DataFormatException(x.source, 0, "", "has " + m + " images but " + labels + " has "
                    + y.length + " labels; expected the same count");
        }
        long pixels = x.count() / Math.max(1, m);
        if (m > 0 && pixels * m > Integer.MAX_VALUE) {
            throw new DataFormatException(x.source, 0, "", "has " + dimsText(x.dims) + " values; at most "
                    + Integer.MAX_VALUE + " fit in one data set");
        }
        int d0 = (int) pixels;
        if (d0 < 1) {
            throw new DataFormatException(x.source, 0, "", "expected images of at least one pixel but the "
                    + "sizes are " + dimsText(x.dims));
        }
        double[] features = new double[d0 * m];
        if (x.type == UNSIGNED_BYTE) {
            // point-major bytes to feature-major values in blocks of IMAGE_BLOCK images (their bytes stay in
            // cache while each pixel's row receives IMAGE_BLOCK contiguous values)
            for (int k0 = 0; k0 < m; k0 += IMAGE_BLOCK) {
                int k1 = Math.min(m, k0 + IMAGE_BLOCK);
                for (int i = 0; i < d0; i++) {
                    int to = i * m;
                    for (int k = k0; k < k1; k++) {
                        features[to + k] = (x.data[k * d0 + i] & 0xFF) / 255.0;
                    }
                }
            }
            // bytes / 255 are finite and in [0, 1], labels were checked by readLabels: no second pass
            return Dataset.owning(d0, features, y);
        } else {
            ByteBuffer buffer = ByteBuffer.wrap(x.data).order(ByteOrder.BIG_ENDIAN);
            for (int k = 0; k < m; k++) {
                for (int i = 0; i < d0; i++) {
                    double v = value(buffer, x.type, k * d0 + i);
                    if (!Double.isFinite(v)) {
                        throw new DataFormatException(x.source, 0, "", "value " + (k * d0 + i) + " is " + v
                                + "; expected finite pixel values");
                    }
                    features[i * m + k] = v;
                }
            }
        }
        return new Dataset(d0, features, y);
    }

    /**
     * Reads a labels file: one dimension, integer type, non-negative values.
     *
     * @param path the file, gzip or not
     * @return the labels
     * @throws DataFormatException if the file is missing or malformed or a label is negative
     * @throws IOException         if the file cannot be read
     */
    public static int[] readLabels(Path path) throws IOException {
        Raw raw = readRaw(path);
        if (raw.dims.length != 1) {
            throw new DataFormatException(raw.source, 0, "", "expected labels with 1 dimension but the header has "
                    + raw.dims.length + " (" + dimsText(raw.dims) + ")");
        }
        if (raw.type == 0x0D || raw.type == 0x0E) {
            throw new DataFormatException(raw.source, 0, "", "expected integer labels (type 0x08, 0x09, 0x0B or "
                    + "0x0C) but the type is 0x" + Integer.toHexString(raw.type));
        }
        int[] labels = new int[raw.dims[0]];
        ByteBuffer buffer = ByteBuffer.wrap(raw.data).order(ByteOrder.BIG_ENDIAN);
        for (int k = 0; k < labels.length; k++) {
            double v = value(buffer, raw.type, k);
            if (v < 0) {
                throw new DataFormatException(raw.source, 0, "", "label " + k + " is " + (long) v
                        + "; expected non-negative labels");
            }
            labels[k] = (int) v;
        }
        return labels;
    }

    /**
     * The labels file that belongs to an images file by MNIST's naming ({@code train-images-idx3-ubyte} →
     * {@code train-labels-idx1-ubyte}, also with {@code .idx3} and {@code .gz}).
     *
     * @param images the images file
     * @return the labels file beside it (which may not exist)
     * @throws DataFormatException if the name does not follow the convention
     */
    public static Path labelsFor(Path images) {
        String name = String.valueOf(images.getFileName());
        if (!name.contains("images") || !name.contains("idx3")) {
            throw new DataFormatException(images.toString(), 0, "", "expected an MNIST-style name "
                    + "(...-images-idx3-ubyte) to find the labels file; give the labels file explicitly");
        }
        return images.resolveSibling(name.replace("images", "labels").replace("idx3", "idx1"));
    }

    private static double value(ByteBuffer buffer, int type, int index) {
        return switch (type) {
            case 0x08 -> buffer.get(index) & 0xFF;
            case 0x09 -> buffer.get(index);
            case 0x0B -> buffer.getShort(2 * index);
            case 0x0C -> buffer.getInt(4 * index);
            case 0x0D -> buffer.getFloat(4 * index);
            case 0x0E -> buffer.getDouble(8 * index);
            default -> throw new IllegalStateException("type checked in readRaw: " + type);
        };
    }

    private static int typeSize(int type) {
        return switch (type) {
            case 0x08, 0x09 -> 1;
            case 0x0B -> 2;
            case 0x0C, 0x0D -> 4;
            case 0x0E -> 8;
            default -> -1;
        };
    }

    private static Raw readRaw(Path path) throws IOException {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new DataFormatException(source, 0, "", "is a directory; expected an IDX file");
        }
        try (InputStream file = Files.newInputStream(path)) {
            BufferedInputStream buffered = new BufferedInputStream(file, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            InputStream content = b0 == 0x1f && b1 == 0x8b
                    ? new BufferedInputStream(new GZIPInputStream(buffered, 1 << 16), 1 << 16) : buffered;
            return readRaw(new DataInputStream(content), source);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, 0, "", "no such file; expected an IDX file");
        } catch (ZipException | EOFException e) {
            throw new DataFormatException(source, 0, "", "is a damaged or truncated gzip stream ("
                    + e.getMessage() + "); expected an IDX file, gzipped or not");
        }
    }

    private static Raw readRaw(DataInputStream in, String source) throws IOException {
        byte[] magic = new byte[4];
        int got = in.readNBytes(magic, 0, 4);
        if (got < 4) {
            throw new DataFormatException(source, 0, "", "is truncated: " + got + " bytes; expected an IDX "
                    + "header of at least 4 bytes");
        }
        int type = magic[2] & 0xFF;
        int ndims = magic[3] & 0xFF;
        if (magic[0] != 0 || magic[1] != 0 || typeSize(type) < 0 || ndims == 0) {
            throw new DataFormatException(source, 0, "", String.format(
                    "wrong magic number 0x%02x%02x%02x%02x; expected 0x0000TTDD with type TT in 08, 09, 0B, 0C, "
                            + "0D, 0E and DD >= 1 dimensions (MNIST images 0x00000803, labels 0x00000801)",
                    magic[0] & 0xFF, magic[1] & 0xFF, type, ndims));
        }
        byte[] header = new byte[4 * ndims];
        got = in.readNBytes(header, 0, header.length);
        if (got < header.length) {
            throw new DataFormatException(source, 0, "", "is truncated in its header: expected " + ndims
                    + " sizes of 4 bytes but found " + got + " bytes");
        }
        ByteBuffer sizes = ByteBuffer.wrap(header).order(ByteOrder.BIG_ENDIAN);
        int[] dims = new int[ndims];
        long count = 1;
        for (int i = 0; i < ndims; i++) {
            dims[i] = sizes.getInt(4 * i);
            if (dims[i] < 0) {
                throw new DataFormatException(source, 0, "", "size " + i + " is " + dims[i]
                        + "; expected sizes >= 0");
            }
            count *= dims[i];
            if (count * typeSize(type) > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(source, 0, "", "declares sizes " + dimsText(Arrays.copyOf(dims, i + 1))
                        + "...; expected at most " + (Integer.MAX_VALUE - 8) + " bytes of data");
            }
        }
        int bytes = (int) count * typeSize(type);
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw new DataFormatException(source, 0, "", "is truncated: the header declares " + dimsText(dims)
                    + " values of " + typeSize(type) + " byte(s), " + bytes + " bytes, but only " + data.length
                    + " follow");
        }
        if (in.read() >= 0) {
            throw new DataFormatException(source, 0, "", "has bytes after the " + bytes + " bytes of "
                    + dimsText(dims) + " values; expected the file to end there");
        }
        return new Raw(source, type, dims, data);
    }

    private static String dimsText(int[] dims) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < dims.length; i++) {
            text.append(i == 0 ? "" : "x").append(dims[i]);
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
