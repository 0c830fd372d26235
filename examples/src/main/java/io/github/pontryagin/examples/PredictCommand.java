package io.github.pontryagin.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.DataFormatException;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin predict}: a model file and a CSV of points in, a CSV of predictions out. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts the class of every point of a CSV file with a trained model.",
                "Input: one point per line, x1,...,xd (d = the model's input dimension), optionally followed by a "
                        + "label; a header line, blank lines and # comments are skipped.",
                "Output: x1,...,xd[,label],p0,...,p<K-1>,prediction (class probabilities and the predicted class); "
                        + "with labels the accuracy is printed."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = Converters.ExistingFile.class,
            description = "Model file written by 'train'.")
    Path modelFile;

    @Option(names = "--input", paramLabel = "CSV", required = true, converter = Converters.ExistingFile.class,
            description = "Points to classify.")
    Path input;

    @Option(names = "--output", paramLabel = "CSV", defaultValue = "out/predictions.csv",
            description = "Where to write the predictions (default: ${DEFAULT-VALUE}).")
    Path output;

    /** Points read from the input: feature-major features and, when present, labels. */
    record Points(int dimension, int size, double[] features, int[] labels) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try (OdeNet net = ModelFile.read(modelFile)) {
            Points points = read(input, net.inputDimension());
            int m = points.size();
            double[] p = net.probabilities(points.features(), m);
            int[] predicted = net.predict(points.features(), m);
            int classes = net.head().classes();
            AtomicFiles.write(output, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                StringBuilder header = new StringBuilder();
                for (int i = 1; i <= points.dimension(); i++) {
                    header.append('x').append(i).append(',');
                }
                if (points.labels() != null) {
                    header.append("label,");
                }
                for (int c = 0; c < classes; c++) {
                    header.append('p').append(c).append(',');
                }
                w.write(header.append("prediction\n").toString());
                StringBuilder line = new StringBuilder();
                for (int k = 0; k < m; k++) {
                    line.setLength(0);
                    for (int i = 0; i < points.dimension(); i++) {
                        line.append(points.features()[i * m + k]).append(',');
                    }
                    if (points.labels() != null) {
                        line.append(points.labels()[k]).append(',');
                    }
                    for (int c = 0; c < classes; c++) {
                        line.append(p[c * m + k]).append(',');
                    }
                    w.write(line.append(predicted[k]).append('\n').toString());
                }
                w.flush();
            });
            out.printf(Locale.ROOT, "predicted %d points with %s", m, ModelOptions.describe(net));
            if (points.labels() != null) {
                int correct = 0;
                for (int k = 0; k < m; k++) {
                    correct += predicted[k] == points.labels()[k] ? 1 : 0;
                }
                out.printf(Locale.ROOT, ", accuracy %.2f %%", 100.0 * correct / m);
            }
            out.printf(Locale.ROOT, "%nwrote %s%n", output);
            out.flush();
        }
        return 0;
    }

    /** Reads points of dimension d: lines of d numbers, or d numbers and an integer label. */
    static Points read(Path path, int d) throws IOException {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int columns = -1;
        int lineNumber = 0;
        boolean first = true;
        try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String text = line.strip();
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split(",", -1);
                if (first && !isNumber(fields[0].strip())) {
                    first = false;
                    continue;
                }
                first = false;
                if (columns < 0) {
                    columns = fields.length;
                    if (columns != d && columns != d + 1) {
                        throw new DataFormatException(path.toString(), lineNumber, line, "expected " + d
                                + " columns (the model's input dimension) or " + (d + 1) + " (with a label) but found "
                                + columns);
                    }
                }
                if (fields.length != columns) {
                    throw new DataFormatException(path.toString(), lineNumber, line, "expected " + columns
                            + " columns as on the first data line but found " + fields.length);
                }
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    String f = fields[i].strip();
                    if (!isNumber(f) || !Double.isFinite(Double.parseDouble(f))) {
                        throw new DataFormatException(path.toString(), lineNumber, line, "column " + (i + 1)
                                + " must be a finite number but is '" + f + "'");
                    }
                    x[i] = Double.parseDouble(f);
                }
                rows.add(x);
                if (columns == d + 1) {
                    String f = fields[d].strip();
                    double label = isNumber(f) ? Double.parseDouble(f) : Double.NaN;
                    if (!(label == Math.rint(label) && label >= 0 && label <= Integer.MAX_VALUE)) {
                        throw new DataFormatException(path.toString(), lineNumber, line,
                                "label must be a non-negative integer but is '" + f + "'");
                    }
                    labels.add((int) label);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(path.toString(), 0, "", "contains no data lines");
        }
        int m = rows.size();
        double[] features = new double[d * m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                features[i * m + k] = rows.get(k)[i];
            }
        }
        int[] l = columns == d + 1 ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        return new Points(d, m, features, l);
    }

    private static boolean isNumber(String s) {
        try {
            Double.parseDouble(s);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
