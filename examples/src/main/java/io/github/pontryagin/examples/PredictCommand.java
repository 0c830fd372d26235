package io.github.pontryagin.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.DataFormatException;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.io.SwagFile;
import io.github.pontryagin.core.optim.WeightAverage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin predict}: a model file and a CSV of points in, a CSV of predictions out. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predicts the class of every point of a CSV file with a trained model.",
                "Input: one point per line, x1,...,xd (d = the model's input dimension), optionally followed by a "
                        + "label (a class of the model); blank lines and # comments are skipped. A header line "
                        + "decides the columns: a last name 'label' (or class, y, target) marks the label column and "
                        + "the others must be d; without a header, d columns are points and d + 1 points with labels.",
                "Output: x1,...,xd[,label],p0,...,p<K-1>,prediction (class probabilities and the predicted class); "
                        + "with labels the accuracy is printed.",
                "With --swag (the swag.json of 'train --average swag'): the net is evaluated at --swag-samples "
                        + "parameter vectors drawn from the SWAG Gaussian (seeded by --seed); p0,... are the "
                        + "predictive means, followed by std0,...,std<K-1>, their standard deviations over the "
                        + "samples, and the prediction is the class of the largest mean."})
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = Converters.ExistingFile.class,
            description = "Model file written by 'train'.")
    Path modelFile;

    @Option(names = "--input", paramLabel = "CSV", required = true, converter = Converters.ExistingFile.class,
            description = "Points to classify.")
    Path input;

    @Option(names = "--output-file", paramLabel = "CSV", defaultValue = "out/predictions.csv",
            description = "Where to write the predictions (default: ${DEFAULT-VALUE}).")
    Path output;

    @Option(names = "--swag", paramLabel = "FILE", converter = Converters.ExistingFile.class,
            description = "SWAG statistics written by 'train --average swag' (<out>/swag.json): predict the mean and "
                    + "standard deviation over sampled parameters.")
    Path swagFile;

    @Option(names = "--swag-samples", paramLabel = "K", defaultValue = "30",
            description = "Parameter samples drawn with --swag, >= 1 (default: ${DEFAULT-VALUE}).")
    int swagSamples;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the SWAG samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--output", hidden = true, paramLabel = "CSV", description = CliRules.DEPRECATED + "--output-file")
    Path deprecatedOutput;

    /** Points read from the input: feature-major features, labels when present, and each point's line. */
    record Points(int dimension, int size, double[] features, int[] labels, int[] lines) {
    }

    /** Header names taken to mean the label column. */
    static final Set<String> LABEL_NAMES = Set.of("label", "labels", "class", "y", "target");

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        PrintWriter out = cl.getOut();
        if (swagSamples < 1) {
            throw new CommandLine.ParameterException(cl, "--swag-samples must be >= 1 (parameter samples drawn from "
                    + "the SWAG Gaussian), got " + swagSamples);
        }
        if (swagFile == null && cl.getParseResult().hasMatchedOption("--swag-samples")) {
            throw new CommandLine.ParameterException(cl, "--swag-samples needs --swag FILE (the swag.json written by "
                    + "'train --average swag')");
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", modelFile);
        inputs.put("--input", input);
        inputs.put("--swag", swagFile);
        RunChecks.requireDistinct(cl, inputs, Map.of("--output-file", output));
        RunChecks.requireWritableParent(cl, "--output-file", output);
        try (OdeNet net = ModelFile.read(modelFile)) {
            int classes = net.head().classes();
            Points points = read(input, net.inputDimension(), classes);
            int m = points.size();
            double[] std = null;
            double[] p;
            int[] predicted;
            if (swagFile != null) {
                WeightAverage swag = SwagFile.read(swagFile, net.parameters().length);
                p = new double[classes * m];
                std = new double[classes * m];
                swagPredictions(net, swag, points.features(), m, swagSamples, seed, p, std);
                predicted = new int[m];
                for (int k = 0; k < m; k++) {
                    for (int c = 1; c < classes; c++) {
                        predicted[k] = p[c * m + k] > p[predicted[k] * m + k] ? c : predicted[k];
                    }
                }
            } else {
                p = net.probabilities(points.features(), m);
                predicted = null;
            }
            for (int k = 0; k < m; k++) {
                for (int c = 0; c < classes; c++) {
                    if (!Double.isFinite(p[c * m + k])) {
                        throw new Pontryagin.CommandFailure(modelFile + ": the model gives the probability "
                                + p[c * m + k] + " for class " + c + " of the point on line " + points.lines()[k]
                                + " of " + input + "; its forward pass overflows, so it cannot predict"
                                + " (no predictions written)");
                    }
                }
            }
            if (predicted == null) {
                predicted = net.predict(points.features(), m);
            }
            int[] prediction = predicted;
            double[] deviation = std;
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
                for (int c = 0; deviation != null && c < classes; c++) {
                    header.append("std").append(c).append(',');
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
                    for (int c = 0; deviation != null && c < classes; c++) {
                        line.append(deviation[c * m + k]).append(',');
                    }
                    w.write(line.append(prediction[k]).append('\n').toString());
                }
                w.flush();
            });
            out.printf(Locale.ROOT, "predicted %d points with %s", m, ModelOptions.describe(net));
            if (swagFile != null) {
                out.printf(Locale.ROOT, ", SWAG mean of %d samples (seed %d)", swagSamples, seed);
            }
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

    /**
     * SWAG predictions (Maddox et al. 2019): the class probabilities of the net at {@code samples} parameter vectors
     * drawn one after the other from {@code swag} with {@code new SplittableRandom(seed)}, summarised per class and
     * point by their mean and standard deviation (divisor K; Welford's update, Welford 1962). The net ends on the
     * last sample.
     *
     * @param meanOut receives the predictive means, feature-major ({@code c·m + k}), length classes·m
     * @param stdOut  receives the standard deviations, same layout
     */
    static void swagPredictions(OdeNet net, WeightAverage swag, double[] features, int m, int samples, long seed,
                                double[] meanOut, double[] stdOut) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] u = new double[swag.dimension()];
        java.util.Arrays.fill(meanOut, 0.0);
        java.util.Arrays.fill(stdOut, 0.0);
        for (int s = 1; s <= samples; s++) {
            swag.sample(random, u);
            net.setParameters(u);
            double[] p = net.probabilities(features, m);
            for (int q = 0; q < p.length; q++) {
                double delta = p[q] - meanOut[q];
                meanOut[q] += delta / s;
                stdOut[q] += delta * (p[q] - meanOut[q]);
            }
        }
        for (int q = 0; q < stdOut.length; q++) {
            stdOut[q] = Math.sqrt(Math.max(stdOut[q], 0.0) / samples);
        }
    }

    /**
     * Reads points of dimension d: lines of d numbers, or d numbers and an integer label in 0..classes−1.
     * With a header line the header decides: its last name is the label column when it is one of
     * {@link #LABEL_NAMES}, and the other columns must be exactly d. Without a header, d columns are points
     * and d + 1 points with labels.
     */
    static Points read(Path path, int d, int classes) throws IOException {
        String source = path.toString();
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        int columns = -1;
        int lineNumber = 0;
        boolean first = true;
        try (BufferedReader reader = DatasetCsv.open(path)) {
            String line;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                String text = line.strip();
                if (text.startsWith("\uFEFF")) {
                    text = text.substring(1);
                }
                DatasetCsv.requireUtf8(source, lineNumber, line);
                if (text.isEmpty() || text.startsWith("#")) {
                    continue;
                }
                String[] fields = text.split(",", -1);
                if (first && !isNumber(fields[0].strip())) {
                    first = false;
                    columns = headerColumns(fields, d, source, lineNumber, line);
                    continue;
                }
                first = false;
                if (columns < 0) {
                    columns = fields.length;
                    if (columns != d && columns != d + 1) {
                        throw new DataFormatException(source, lineNumber, line, "expected " + d
                                + " columns (the model's input dimension) or " + (d + 1) + " (with a label) but found "
                                + columns);
                    }
                }
                if (fields.length != columns) {
                    throw new DataFormatException(source, lineNumber, line, "expected " + columns
                            + " columns as on the first line but found " + fields.length);
                }
                double[] x = new double[d];
                for (int i = 0; i < d; i++) {
                    String f = fields[i].strip();
                    if (!isNumber(f) || !Double.isFinite(Double.parseDouble(f))) {
                        throw new DataFormatException(source, lineNumber, line, "column " + (i + 1)
                                + " must be a finite number but is '" + f + "'");
                    }
                    x[i] = Double.parseDouble(f);
                }
                rows.add(x);
                lines.add(lineNumber);
                if (columns == d + 1) {
                    String f = fields[d].strip();
                    double label = isNumber(f) ? Double.parseDouble(f) : Double.NaN;
                    if (!(label == Math.rint(label) && label >= 0 && label < classes)) {
                        throw new DataFormatException(source, lineNumber, line, "label must be a non-negative integer"
                                + " that is a class of the model, 0.." + (classes - 1) + ", but is '" + f + "'");
                    }
                    labels.add((int) label);
                }
            }
        }
        if (rows.isEmpty()) {
            throw new DataFormatException(source, 0, "", "contains no data lines");
        }
        int m = rows.size();
        double[] features = new double[d * m];
        for (int k = 0; k < m; k++) {
            for (int i = 0; i < d; i++) {
                features[i * m + k] = rows.get(k)[i];
            }
        }
        int[] l = columns == d + 1 ? labels.stream().mapToInt(Integer::intValue).toArray() : null;
        return new Points(d, m, features, l, lines.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The number of columns a header announces, checked against the model's input dimension d. */
    private static int headerColumns(String[] fields, int d, String source, int lineNumber, String line) {
        boolean labelled = LABEL_NAMES.contains(fields[fields.length - 1].strip().toLowerCase(Locale.ROOT));
        int features = fields.length - (labelled ? 1 : 0);
        if (features != d) {
            throw new DataFormatException(source, lineNumber, line, "the header names " + features
                    + " input column" + (features == 1 ? "" : "s") + (labelled ? " and a label" : " and no label"
                    + " column (last name one of " + new TreeSet<>(LABEL_NAMES) + ")") + " but the model takes " + d
                    + " input" + (d == 1 ? "" : "s"));
        }
        return fields.length;
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
