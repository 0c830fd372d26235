package io.github.pontryagin.odenets.data;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.pontryagin.odenets.io.AtomicFiles;

/**
 * NumPy {@code .npy} arrays (format versions 1.0, 2.0 and 3.0 of NumPy's "NEP 1"): the magic
 * {@code \x93NUMPY}, the version, a little-endian header length, an ASCII Python dict with {@code descr},
 * {@code fortran_order} and {@code shape}, then the values. Read: {@code descr} one of {@code f8, f4, i8, i4,
 * i2, i1, u4, u2, u1} in either byte order, C or Fortran order, any number of dimensions. Written:
 * {@code <f8} (features) and {@code <i8} (labels), C order, version 1.0, atomically.
 *
 * <p>Data sets: {@link #readDataset(Path, Path)} takes features of shape {@code (M, d0)} (or {@code (M, ...)},
 * flattened per point) and labels of shape {@code (M,)}; {@link #readDataset(Path)} one array of shape
 * {@code (M, d0 + 1)} whose last column is the label, as in a CSV file. Every malformed or unsupported file
 * raises a {@link DataFormatException} naming the file and what was expected.
 */
public final class NpyFile {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final String SUPPORTED = "<f8, <f4, <i8, <i4, <i2, |i1, <u4, <u2, |u1 (or big-endian >)";

    /**
     * An array in C (row-major) order, values converted to double.
     *
     * @param shape  the sizes, possibly none (a scalar)
     * @param values the product of the sizes many values
     */
    public record Array(int[] shape, double[] values) {

        /** @throws IllegalArgumentException if the number of values does not match the shape */
        public Array {
            long n = 1;
            for (int s : shape) {
                if (s < 0) {
                    throw new IllegalArgumentException("shape sizes must be >= 0 but are " + Arrays.toString(shape));
                }
                n *= s;
            }
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                        + " values but values.length is " + values.length);
            }
            shape = shape.clone();
        }

        @Override
        public int[] shape() {
            return shape.clone();
        }
    }

    private NpyFile() {
    }

    /**
     * Reads an array.
     *
     * @param path the file
     * @return the array in C order
     * @throws DataFormatException if the file is missing, malformed, truncated or of an unsupported dtype
     * @throws IOException         if the file cannot be read
     */
    public static Array read(Path path) throws IOException {
        String source = path.toString();
        if (Files.isDirectory(path)) {
            throw new DataFormatException(source, 0, "", "is a directory; expected a .npy file");
        }
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 16)) {
            return read(in, source);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, 0, "", "no such file; expected a .npy file");
        }
    }

    private static Array read(InputStream in, String source) throws IOException {
        byte[] prefix = in.readNBytes(8);
        if (prefix.length < 8 || !Arrays.equals(Arrays.copyOf(prefix, 6), MAGIC)) {
            throw new DataFormatException(source, 0, "", "does not start with the .npy magic \\x93NUMPY; expected "
                    + "a NumPy array file (numpy.save)");
        }
        int major = prefix[6] & 0xFF;
        int headerLength;
        if (major == 1) {
            byte[] n = in.readNBytes(2);
            if (n.length < 2) {
                throw truncated(source, "the header length");
            }
            headerLength = (n[0] & 0xFF) | (n[1] & 0xFF) << 8;
        } else if (major == 2 || major == 3) {
            byte[] n = in.readNBytes(4);
            if (n.length < 4) {
                throw truncated(source, "the header length");
            }
            headerLength = ByteBuffer.wrap(n).order(ByteOrder.LITTLE_ENDIAN).getInt();
            if (headerLength < 0 || headerLength > 1 << 20) {
                throw new DataFormatException(source, 0, "", "declares a header of " + headerLength
                        + " bytes; expected at most 1 MiB");
            }
        } else {
            throw new DataFormatException(source, 0, "", "has format version " + major + "." + (prefix[7] & 0xFF)
                    + "; expected 1.0, 2.0 or 3.0");
        }
        byte[] headerBytes = in.readNBytes(headerLength);
        if (headerBytes.length < headerLength) {
            throw truncated(source, "the header of " + headerLength + " bytes");
        }
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1)
                .strip();
        String oneLine = header.replaceAll("\\s+", " ");
        Matcher descr = DESCR.matcher(header);
        Matcher fortran = FORTRAN.matcher(header);
        Matcher shapeText = SHAPE.matcher(header);
        if (!descr.find() || !fortran.find() || !shapeText.find()) {
            throw new DataFormatException(source, 0, "", "has header " + oneLine + "; expected a dict with "
                    + "'descr', 'fortran_order' and 'shape'");
        }
        String dtype = descr.group(1);
        int size = elementSize(dtype);
        if (size < 0) {
            throw new DataFormatException(source, 0, "", "has dtype '" + dtype + "'; expected one of " + SUPPORTED);
        }
        int[] shape = parseShape(shapeText.group(1), source, oneLine);
        long count = 1;
        for (int s : shape) {
            count *= s;
            if (count * size > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(source, 0, "", "declares shape " + Arrays.toString(shape)
                        + "; expected at most " + (Integer.MAX_VALUE - 8) + " bytes of data");
            }
        }
        int bytes = (int) count * size;
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw new DataFormatException(source, 0, "", "is truncated: shape " + Arrays.toString(shape) + " of '"
                    + dtype + "' needs " + bytes + " bytes of data but only " + data.length + " follow");
        }
        if (in.read() >= 0) {
            throw new DataFormatException(source, 0, "", "has bytes after the " + bytes + " bytes of shape "
                    + Arrays.toString(shape) + "; expected the file to end there");
        }
        ByteBuffer buffer = ByteBuffer.wrap(data)
                .order(dtype.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        double[] values = new double[(int) count];
        char kind = dtype.charAt(1);
        for (int i = 0; i < values.length; i++) {
            values[i] = element(buffer, kind, size, i);
        }
        if (fortran.group(1).equals("True") && shape.length > 1) {
            values = fortranToC(values, shape);
        }
        return new Array(shape, values);
    }

    private static int elementSize(String dtype) {
        if (dtype.length() != 3 || "<>|=".indexOf(dtype.charAt(0)) < 0) {
            return -1;
        }
        char kind = dtype.charAt(1);
        int size = dtype.charAt(2) - '0';
        boolean ok = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'u' -> size == 1 || size == 2 || size == 4;
            default -> false;
        };
        return ok ? size : -1;
    }

    private static double element(ByteBuffer b, char kind, int size, int i) {
        int at = i * size;
        if (kind == 'f') {
            return size == 8 ? b.getDouble(at) : b.getFloat(at);
        }
        if (kind == 'u') {
            return switch (size) {
                case 1 -> b.get(at) & 0xFF;
                case 2 -> b.getShort(at) & 0xFFFF;
                default -> b.getInt(at) & 0xFFFFFFFFL;
            };
        }
        return switch (size) {
            case 1 -> b.get(at);
            case 2 -> b.getShort(at);
            case 4 -> b.getInt(at);
            default -> b.getLong(at);
        };
    }

    private static int[] parseShape(String text, String source, String header) {
        String[] parts = text.split(",");
        int n = 0;
        int[] shape = new int[parts.length];
        for (String part : parts) {
            String p = part.strip();
            if (p.endsWith("L")) {
                p = p.substring(0, p.length() - 1);
            }
            if (p.isEmpty()) {
                continue;
            }
            try {
                shape[n] = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                shape[n] = -1;
            }
            if (shape[n] < 0) {
                throw new DataFormatException(source, 0, "", "has shape (" + text + ") in header " + header
                        + "; expected non-negative integer sizes");
            }
            n++;
        }
        return Arrays.copyOf(shape, n);
    }

    private static double[] fortranToC(double[] f, int[] shape) {
        double[] c = new double[f.length];
        int[] index = new int[shape.length];
        for (int i = 0; i < f.length; i++) {
            // i walks C order; its Fortran position has the first index varying fastest
            int fortranPosition = 0;
            int stride = 1;
            for (int axis = 0; axis < shape.length; axis++) {
                fortranPosition += index[axis] * stride;
                stride *= shape[axis];
            }
            c[i] = f[fortranPosition];
            for (int axis = shape.length - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return c;
    }

    private static DataFormatException truncated(String source, String what) {
        return new DataFormatException(source, 0, "", "is truncated before the end of " + what
                + "; expected a complete .npy file");
    }

    /**
     * Writes an array as {@code <f8}, C order, format 1.0, atomically.
     *
     * @param array the array
     * @param path  the target file
     * @throws IOException if the file cannot be written
     */
    public static void write(Array array, Path path) throws IOException {
        double[] v = array.values();
        ByteBuffer data = ByteBuffer.allocate(8 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double x : v) {
            data.putDouble(x);
        }
        write(path, "<f8", array.shape(), data.array());
    }

    /**
     * Writes labels as a 1-D {@code <i8} array (NumPy's default integer), atomically.
     *
     * @param labels the labels
     * @param path   the target file
     * @throws IOException if the file cannot be written
     */
    public static void writeLabels(int[] labels, Path path) throws IOException {
        ByteBuffer data = ByteBuffer.allocate(8 * labels.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int c : labels) {
            data.putLong(c);
        }
        write(path, "<i8", new int[] {labels.length}, data.array());
    }

    private static void write(Path path, String dtype, int[] shape, byte[] data) throws IOException {
        StringBuilder shapeText = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            shapeText.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        shapeText.append(shape.length == 1 ? ",)" : ")");
        String dict = "{'descr': '" + dtype + "', 'fortran_order': False, 'shape': " + shapeText + ", }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int padding = (64 - unpadded % 64) % 64;
        String header = dict + " ".repeat(padding) + "\n";
        AtomicFiles.write(path, (OutputStream out) -> {
            out.write(MAGIC);
            out.write(1);
            out.write(0);
            out.write(header.length() & 0xFF);
            out.write(header.length() >>> 8);
            out.write(header.getBytes(StandardCharsets.ISO_8859_1));
            out.write(data);
        });
    }

    /**
     * Writes a data set as two arrays: features {@code (M, d0)} as {@code <f8} and labels {@code (M,)} as
     * {@code <i8}, the form {@link #readDataset(Path, Path)} reads (and {@code numpy.load} gives).
     */
    public static void writeDataset(Dataset data, Path features, Path labels) throws IOException {
        int m = data.size();
        int d0 = data.dimension();
        double[] f = data.features();
        double[] rows = new double[m * d0];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d0; i++) {
                rows[k * d0 + i] = f[i * m + k];
            }
        }
        write(new Array(new int[] {m, d0}, rows), features);
        writeLabels(data.labels(), labels);
    }

    /**
     * Reads a data set from features {@code (M, ...)} and labels {@code (M,)}.
     *
     * @throws DataFormatException if a file is malformed, the counts differ, a feature is not finite or a
     *                             label is not a non-negative integer
     */
    public static Dataset readDataset(Path features, Path labels) throws IOException {
        Array x = read(features);
        Array y = read(labels);
        int[] xs = x.shape();
        int[] ys = y.shape();
        if (xs.length < 2) {
            throw new DataFormatException(features.toString(), 0, "", "has shape " + Arrays.toString(xs)
                    + "; expected features of shape (M, d0)");
        }
        if (ys.length != 1) {
            throw new DataFormatException(labels.toString(), 0, "", "has shape " + Arrays.toString(ys)
                    + "; expected labels of shape (M,)");
        }
        if (xs[0] != ys[0]) {
            throw new DataFormatException(features.toString(), 0, "", "has " + xs[0] + " points but " + labels
                    + " has " + ys[0] + " labels; expected the same count");
        }
        int m = xs[0];
        int d0 = m == 0 ? 1 : x.values().length / m;
        return toDataset(x.values(), d0, d0, y.values(), 0, 1, m, features.toString(), labels.toString());
    }

    /**
     * Reads a data set from one array of shape {@code (M, d0 + 1)} whose last column is the label.
     *
     * @throws DataFormatException if the file is malformed, has fewer than 2 columns, a feature is not
     *                             finite or a label is not a non-negative integer
     */
    public static Dataset readDataset(Path path) throws IOException {
        Array a = read(path);
        int[] s = a.shape();
        if (s.length != 2 || s[1] < 2) {
            throw new DataFormatException(path.toString(), 0, "", "has shape " + Arrays.toString(s)
                    + "; expected (M, d0 + 1) with the label in the last column, or give a labels file");
        }
        int m = s[0];
        int columns = s[1];
        return toDataset(a.values(), columns, columns - 1, a.values(), columns - 1, columns, m, path.toString(),
                path.toString());
    }

    private static Dataset toDataset(double[] x, int rowStride, int d0, double[] y, int labelOffset,
                                     int labelStride, int m, String featureSource, String labelSource) {
        if (m == 0) {
            throw new DataFormatException(featureSource, 0, "", "has no points; expected at least one");
        }
        double[] features = new double[d0 * m];
        int[] labels = new int[m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d0; i++) {
                double v = x[k * rowStride + i];
                if (!Double.isFinite(v)) {
                    throw new DataFormatException(featureSource, 0, "", "feature " + i + " of point " + k + " is "
                            + v + "; expected finite values");
                }
                features[i * m + k] = v;
            }
            double c = y[labelOffset + k * labelStride];
            if (!(c >= 0 && c == Math.rint(c) && c <= Integer.MAX_VALUE)) {
                throw new DataFormatException(labelSource, 0, "", "label of point " + k + " is " + c
                        + "; expected a non-negative integer");
            }
            labels[k] = (int) c;
        }
        return new Dataset(d0, features, labels);
    }
}
