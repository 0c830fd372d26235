package io.github.pontryagin.examples;

import java.awt.Color;
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
import java.util.Optional;
import java.util.concurrent.Callable;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import io.github.pontryagin.core.tableau.StabilityFunction;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.io.ModelFile;
import io.github.pontryagin.odenets.stability.StabilityReport;
import io.github.pontryagin.plots.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code pontryagin stability}: the stability of the forward propagation of a trained model on data
 * ({@link StabilityReport}, {@code docs/stability.md}): the per-layer table, a CSV of it and two plots.
 */
@Command(name = "stability", mixinStandardHelpOptions = true,
        description = {"Stability of the forward propagation of a trained model on data (docs/stability.md): per layer "
                + "the Lipschitz constant L_n, the one-sided Lipschitz constant nu_n (supremum over the activation "
                + "slopes and at the data), the monotonicity constant and the step-size rule h_n < -nu_bar r, the "
                + "eigenvalues h_n lambda of the layer Jacobians against the stability region of the tableau; the "
                + "measured growth of small perturbations beside the bounds exp(sum |h| L) and exp(sum h nu); for the "
                + "leapfrog, hb-net, conformal-euler, conformal-verlet, agd-net and dmr-net layers the layer-map "
                + "bound on the positions instead (docs/stability.md, 'Layer-map bound').",
                "Writes <out>/stability.csv, <out>/stability-layers.png and <out>/stability-eigenvalues.png."})
final class StabilityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = Converters.ExistingFile.class,
            description = "Model file written by 'train'.")
    Path modelFile;

    @Option(names = "--data", paramLabel = "CSV", converter = Converters.ExistingFile.class,
            description = "Points to analyse: x1,...,xd per line, optionally followed by a label.")
    Path data;

    @Option(names = "--dataset", paramLabel = "NAME", converter = Converters.DatasetName.class,
            completionCandidates = Choices.Datasets.class,
            description = "Generate the points instead: ${COMPLETION-CANDIDATES}.")
    DatasetGenerator dataset;

    @Option(names = "--points", paramLabel = "M", defaultValue = "500", converter = Converters.PositiveInt.class,
            description = "Number of generated points with --dataset (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
            description = "Seed of the generated points and of the random perturbations (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--perturbations", paramLabel = "P", defaultValue = "4", converter = Converters.PositiveInt.class,
            description = "Random perturbation directions per data point (default: ${DEFAULT-VALUE}).")
    int perturbations;

    @Option(names = "--sample-points", paramLabel = "S", defaultValue = "200",
            converter = Converters.PositiveInt.class,
            description = "Data points used for the Jacobian analysis (default: ${DEFAULT-VALUE}).")
    int samplePoints;

    @Override
    public Integer call() throws Exception {
        if (data == null && dataset == null) {
            throw new ParameterException(spec.commandLine(), "a model file holds no data: give --data CSV or"
                    + " --dataset NAME");
        }
        if (data != null && dataset != null) {
            throw new ParameterException(spec.commandLine(), "give either --data or --dataset, not both");
        }
        Map<String, Path> inputs = new LinkedHashMap<>();
        inputs.put("--model", modelFile);
        inputs.put("--data", data);
        Map<String, Path> outputs = new LinkedHashMap<>();
        for (String name : List.of("stability.csv", output.plotFile("stability-layers.png"),
                output.plotFile("stability-eigenvalues.png"))) {
            outputs.put("--out (" + name + ")", output.out.resolve(name));
        }
        RunChecks.requireDistinct(spec.commandLine(), inputs, outputs);
        // checked without creating the directory: a run that fails writes nothing
        RunChecks.requireNoFile(spec.commandLine(), "--out", output.out);
        PrintWriter out = spec.commandLine().getOut();
        try (OdeNet net = ModelFile.read(modelFile)) {
            double[] x;
            int m;
            String source;
            if (data != null) {
                PredictCommand.Points read = PredictCommand.read(data, net.inputDimension(), net.classes());
                x = read.features();
                m = read.size();
                source = data.toString();
            } else {
                if (dataset.dimension() != net.inputDimension()) {
                    throw new ParameterException(spec.commandLine(), "--dataset " + dataset.name() + " has dimension "
                            + dataset.dimension() + " but the model's input dimension is " + net.inputDimension());
                }
                Dataset generated = dataset.generate(points, seed);
                x = generated.features();
                m = generated.size();
                source = dataset.name() + " (" + m + " points, seed " + seed + ")";
            }
            StabilityReport report = StabilityReport.of(net, x, m,
                    new StabilityReport.Options(seed, perturbations, samplePoints));
            // everything is computed before the first file is written
            String title = ModelOptions.describe(net) + " on " + source;
            XYChart layers = layerChart(report, title);
            XYChart eigenvalues = eigenvalueChart(report, net.flow().update().stabilityFunction(), title);
            Path csv = output.out.resolve("stability.csv");
            Path layersPng = output.out.resolve(output.plotFile("stability-layers.png"));
            Path eigenPng = output.out.resolve(output.plotFile("stability-eigenvalues.png"));
            AtomicFiles.write(csv, stream -> {
                Writer w = new OutputStreamWriter(stream, StandardCharsets.UTF_8);
                w.write(csv(report));
                w.flush();
            });
            Plots.write(layers, layersPng, output.plotFormat());
            Plots.write(eigenvalues, eigenPng, output.plotFormat());
            out.println(title);
            out.print(report.table());
            CommandSupport.printFiles(out, List.of(csv, layersPng, eigenPng));
        }
        return 0;
    }

    static String csv(StabilityReport report) {
        StringBuilder b = new StringBuilder("layer,h,lipschitz,nu,nu_exact,nu_data,nu_bar,h_bound,breaks_rule,"
                + "eigenvalues,outside,outside_re_nonpositive,max_abs_R\n");
        for (StabilityReport.Layer l : report.layers()) {
            b.append(String.format(Locale.ROOT, "%d,%s,%s,%s,%s,%s,%s,%s,%s,%d,%d,%d,%s%n", l.layer(), l.stepSize(),
                    l.lipschitz(), l.oneSided(), l.oneSidedExact(), l.oneSidedAtData(), l.monotonicity(),
                    l.stepBound(), l.breaksStepRule(), l.eigenvalues(), l.eigenvaluesOutside(),
                    l.discretisationUnstable(), l.maxAmplification()));
        }
        return b.toString();
    }

    private static XYChart chart(String title, String xTitle, String yTitle) {
        return Plots.chart(Plots.WIDTH, Plots.HEIGHT, title, xTitle, yTitle);
    }

    /** L_n, ν_n (supremum and data), h_n and its bound against n; non-finite values are left out. */
    static XYChart layerChart(StabilityReport report, String title) {
        XYChart chart = chart("per-layer constants: " + title, "layer n", "value");
        List<StabilityReport.Layer> layers = report.layers();
        series(chart, "L_n", layers, StabilityReport.Layer::lipschitz, new Color(0x0072B2));
        series(chart, "nu_n (sup over D)", layers, StabilityReport.Layer::oneSided, new Color(0xD55E00));
        series(chart, "nu_n at the data", layers, StabilityReport.Layer::oneSidedAtData, new Color(0xE69F00));
        series(chart, "h_n", layers, StabilityReport.Layer::stepSize, new Color(0x009E73));
        series(chart, "bound on h_n", layers, StabilityReport.Layer::stepBound, new Color(0xCC79A7));
        if (!layers.isEmpty() && Double.isFinite(layers.get(0).stepSize())) {
            Plots.countAxis(chart, 0, layers.get(0).stepSize());
        }
        return chart;
    }

    private static void series(XYChart chart, String name, List<StabilityReport.Layer> layers,
                               java.util.function.ToDoubleFunction<StabilityReport.Layer> value, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (StabilityReport.Layer l : layers) {
            double v = value.applyAsDouble(l);
            if (Double.isFinite(v)) {
                xs.add((double) l.layer());
                ys.add(v);
            }
        }
        if (xs.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, xs, ys);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(color);
        s.setMarkerColor(color);
    }

    /** The scaled eigenvalues h_n λ of every layer and the boundary |R(z)| = 1 of the stability region. */
    static XYChart eigenvalueChart(StabilityReport report, Optional<StabilityFunction> stability, String title) {
        XYChart chart = chart("h_n lambda over the stability region: " + title, "Re(h lambda)", "Im(h lambda)");
        List<Double> re = new ArrayList<>();
        List<Double> im = new ArrayList<>();
        double minRe = -3;
        double maxRe = 1;
        double maxIm = 3;
        for (StabilityReport.Layer l : report.layers()) {
            for (int e = 0; e < l.scaledEigenReal().length; e++) {
                re.add(l.scaledEigenReal()[e]);
                im.add(l.scaledEigenImag()[e]);
                minRe = Math.min(minRe, 1.1 * l.scaledEigenReal()[e]);
                maxRe = Math.max(maxRe, 1.1 * l.scaledEigenReal()[e]);
                maxIm = Math.max(maxIm, 1.1 * Math.abs(l.scaledEigenImag()[e]));
            }
        }
        if (stability.isPresent()) {
            List<Double> bx = new ArrayList<>();
            List<Double> by = new ArrayList<>();
            boundary(stability.get(), minRe, maxRe, maxIm, bx, by);
            if (!bx.isEmpty()) {
                XYSeries s = chart.addSeries("|R(z)| = 1 (" + stability.get().name() + ")", bx, by);
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CIRCLE);
                s.setMarkerColor(new Color(0x999999));
            }
        }
        if (!re.isEmpty()) {
            XYSeries s = chart.addSeries("h_n lambda", re, im);
            s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(new Color(0xD55E00));
        }
        return chart;
    }

    /** Points of the curve |R(z)| = 1 in the box, by sign changes of |R| − 1 along the edges of a grid. */
    private static void boundary(StabilityFunction r, double minRe, double maxRe, double maxIm, List<Double> xs,
                                 List<Double> ys) {
        int grid = 240;
        double[][] g = new double[grid + 1][grid + 1];
        for (int i = 0; i <= grid; i++) {
            for (int j = 0; j <= grid; j++) {
                g[i][j] = r.modulus(minRe + (maxRe - minRe) * i / grid, -maxIm + 2 * maxIm * j / grid) - 1;
            }
        }
        for (int i = 0; i <= grid; i++) {
            for (int j = 0; j <= grid; j++) {
                double x = minRe + (maxRe - minRe) * i / grid;
                double y = -maxIm + 2 * maxIm * j / grid;
                if (i < grid && Math.signum(g[i][j]) != Math.signum(g[i + 1][j])) {
                    double t = g[i][j] / (g[i][j] - g[i + 1][j]);
                    xs.add(x + t * (maxRe - minRe) / grid);
                    ys.add(y);
                }
                if (j < grid && Math.signum(g[i][j]) != Math.signum(g[i][j + 1])) {
                    double t = g[i][j] / (g[i][j] - g[i][j + 1]);
                    xs.add(x);
                    ys.add(y + t * 2 * maxIm / grid);
                }
            }
        }
    }
}
