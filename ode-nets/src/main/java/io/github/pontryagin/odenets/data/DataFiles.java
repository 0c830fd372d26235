package io.github.pontryagin.odenets.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Reads a data set from the file formats users have, chosen by the file name: {@code .npy} (NumPy,
 * {@link NpyFile}), IDX ({@code ...idx3-ubyte}, {@code .idx}, gzipped or not; {@link IdxFile}) and
 * otherwise CSV ({@link DatasetCsv}). Labels may come from a second file (NPY or IDX); without one an
 * NPY matrix has the label in its last column, an IDX images file finds its labels by MNIST's naming,
 * and a CSV file has the label in the column of {@link DatasetCsv.Options#labelColumn()}. Every
 * result is checked against the model's {@link DataShape}.
 */
public final class DataFiles {

    /** MNIST's four files in a directory (LeCun et al. 1998), as {@code data/fetch-mnist.sh} puts them. */
    public static final List<String> MNIST_FILES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private DataFiles() {
    }

    /**
     * @param data    the features (CSV, NPY or IDX)
     * @param labels  a separate labels file (NPY or IDX), or null
     * @param options the CSV label column and the model's shape
     * @return the data set, checked against the shape
     * @throws DataFormatException naming the file if it is missing, malformed or does not fit the shape
     * @throws IOException         if a file cannot be read
     */
    public static Dataset read(Path data, Path labels, DatasetCsv.Options options) throws IOException {
        String name = String.valueOf(data.getFileName()).toLowerCase(Locale.ROOT);
        DataShape shape = options.shape();
        Dataset result;
        if (name.endsWith(".npy")) {
            result = labels == null ? NpyFile.readDataset(data) : NpyFile.readDataset(data, labels);
        } else if (isIdx(name)) {
            Path l = labels != null ? labels : IdxFile.labelsFor(data);
            result = IdxFile.read(data, l);
        } else {
            if (labels != null) {
                throw new DataFormatException(data.toString(), 0, "", "is read as CSV, which holds its own "
                        + "label column; expected no separate labels file (got " + labels + ")");
            }
            return DatasetCsv.read(data, options);
        }
        return shape.check(result, data.toString());
    }

    /**
     * MNIST's training and test sets from a directory holding its four IDX files (each may be gzipped:
     * {@code name.gz}; {@code train-images.idx3-ubyte} spellings are accepted too).
     *
     * @param directory the directory
     * @return the 60 000 training and 10 000 test images (for the full files), pixels in [0, 1]
     * @throws DataFormatException naming the file that is missing or malformed
     * @throws IOException         if a file cannot be read
     */
    public static TrainTest mnist(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new DataFormatException(directory.toString(), 0, "", "is not a directory; expected one holding "
                    + String.join(", ", MNIST_FILES) + " (data/fetch-mnist.sh puts them into data/mnist)");
        }
        Dataset train = IdxFile.read(find(directory, MNIST_FILES.get(0)), find(directory, MNIST_FILES.get(1)));
        Dataset test = IdxFile.read(find(directory, MNIST_FILES.get(2)), find(directory, MNIST_FILES.get(3)));
        return new TrainTest(train, test);
    }

    /**
     * The four IDX files {@link #mnist} reads from {@code directory} (training images and labels, test images and
     * labels), each under its plain or gzip name.
     *
     * @throws DataFormatException naming the first file that is missing
     */
    public static List<Path> mnistFiles(Path directory) {
        return MNIST_FILES.stream().map(name -> find(directory, name)).toList();
    }

    private static Path find(Path directory, String name) {
        String dotted = name.replace("-idx", ".idx");
        for (String candidate : List.of(name, name + ".gz", dotted, dotted + ".gz")) {
            Path p = directory.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new DataFormatException(directory.resolve(name).toString(), 0, "", "no such file (nor " + name
                + ".gz); expected MNIST's IDX file there (run data/fetch-mnist.sh)");
    }

    private static boolean isIdx(String name) {
        return name.contains("-idx") || name.contains(".idx") || name.endsWith(".idx") || name.endsWith(".idx.gz");
    }
}
