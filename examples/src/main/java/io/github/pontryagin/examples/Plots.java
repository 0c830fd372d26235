package io.github.pontryagin.examples;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.train.TrainingProgress;

/**
 * The figures of the paper's experiments as XChart charts, written as PNG files atomically
 * ({@link AtomicFiles}): the data, the decision regions, the points transformed layer by layer, loss and
 * accuracy curves and the learned step sizes. One-dimensional inputs (donut1d) get their own forms: a
 * strip plot of x against the (jittered) label and the class-1 probability as a curve.
 */
public final class Plots {

    /** Width and height of a single chart in pixels. */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 520;
    /** Size of one panel of the layer-by-layer figure. */
    public static final int PANEL_WIDTH = 420;
    public static final int PANEL_HEIGHT = 380;
    /** Panels per row of the layer-by-layer figure. */
    public static final int PANEL_COLUMNS = 3;

    private static final Color[] CLASS_COLORS = {new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73),
            new Color(0xCC79A7), new Color(0xE69F00), new Color(0x56B4E9)};
    private static final Color[] REGION_COLORS = {new Color(0xC6DCEC), new Color(0xF5D2BC), new Color(0xC2E8DB),
            new Color(0xF0D9E6), new Color(0xF8E5BC), new Color(0xD4EBF8)};
    private static final int GRID = 90;

    /**
     * Largest magnitude plotted. XChart's tick computation loops for minutes on huge axis ranges and
     * rejects infinite values, so charts of values beyond this (or not finite) are refused with
     * {@link NotPlottable} before XChart sees them.
     */
    public static final double MAX_PLOTTED = 1e12;
    /** Most doubles computed for one figure (the layer-by-layer states of every point); more is refused. */
    public static final long MAX_PLOTTED_VALUES = 20_000_000L;

    private Plots() {
    }

    /** A figure that cannot be drawn from the given data; the message says why, in one line. */
    public static final class NotPlottable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotPlottable(String message) {
            super(message);
        }
    }

    /**
     * @throws NotPlottable naming {@code what} and the first offending value if a value is not finite or
     *                      beyond ±{@link #MAX_PLOTTED}
     */
    static void requirePlottable(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(Math.abs(v) <= MAX_PLOTTED)) {
                throw new NotPlottable(what + " reach " + v + " (entry " + i + "); plots need finite values within "
                        + "+-" + MAX_PLOTTED);
            }
        }
    }

    /** Writes a chart as PNG, atomically. */
    public static void write(Chart<?, ?> chart, Path path) throws IOException {
        write(BitmapEncoder.getBufferedImage(chart), path);
    }

    /** Writes an image as PNG, atomically. */
    public static void write(BufferedImage image, Path path) throws IOException {
        AtomicFiles.write(path, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available for " + path);
            }
        });
    }

    /** A grid image of charts, {@code columns} per row, with a title band on top. */
    public static BufferedImage grid(List<? extends Chart<?, ?>> charts, int columns, String title) {
        int rows = (charts.size() + columns - 1) / columns;
        int band = 36;
        int w = charts.get(0).getWidth();
        int h = charts.get(0).getHeight();
        BufferedImage image = new BufferedImage(columns * w, band + rows * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        int textWidth = g.getFontMetrics().stringWidth(title);
        g.drawString(title, Math.max(8, (image.getWidth() - textWidth) / 2), 25);
        for (int i = 0; i < charts.size(); i++) {
            g.drawImage(BitmapEncoder.getBufferedImage(charts.get(i)), (i % columns) * w, band + (i / columns) * h,
                    null);
        }
        g.dispose();
        return image;
    }

    private static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        Styler styler = chart.getStyler();
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        styler.setLegendBorderColor(Color.WHITE);
        styler.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        styler.setMarkerSize(5);
        chart.getStyler().setPlotBackgroundColor(Color.WHITE);
        chart.getStyler().setPlotGridLinesColor(new Color(0xE0E0E0));
        chart.getStyler().setXAxisDecimalPattern("0.##");
        chart.getStyler().setYAxisDecimalPattern("0.##");
        chart.getStyler().setXAxisTickMarkSpacingHint(110);
        return chart;
    }

    private static XYSeries points(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
        return s;
    }

    private static XYSeries line(XYChart chart, String name, double[] x, double[] y, Color color) {
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineWidth(2f);
        return s;
    }

    private static Color classColor(int c) {
        return CLASS_COLORS[c % CLASS_COLORS.length];
    }

    /** Adds one scatter series per class of coordinates (i, j) of feature-major values {@code v} (d × m). */
    private static void classScatter(XYChart chart, double[] v, int m, int i, int j, int[] labels, String prefix) {
        for (int c : distinct(labels)) {
            int count = 0;
            for (int label : labels) {
                count += label == c ? 1 : 0;
            }
            double[] x = new double[count];
            double[] y = new double[count];
            int at = 0;
            for (int k = 0; k < m; k++) {
                if (labels[k] == c) {
                    x[at] = v[i * m + k];
                    y[at] = j < 0 ? jitter(c, k) : v[j * m + k];
                    at++;
                }
            }
            points(chart, prefix + c, x, y, classColor(c));
        }
    }

    /** A deterministic vertical jitter for strip plots of 1-D data: the label ± 0.15. */
    private static double jitter(int label, int k) {
        return label + 0.3 * (new SplittableRandom(k).nextDouble() - 0.5);
    }

    private static int[] distinct(int[] labels) {
        return java.util.Arrays.stream(labels).distinct().sorted().toArray();
    }

    /** The data: a scatter of x1, x2 by label, or for 1-D data a strip plot of x against the jittered label. */
    public static XYChart data(Dataset data, String title) {
        requirePlottable("the features", data.features());
        boolean oneD = data.dimension() == 1;
        XYChart chart = chart(WIDTH, HEIGHT, title, "x1", oneD ? "label (jittered)" : "x2");
        classScatter(chart, data.features(), data.size(), 0, oneD ? -1 : 1, data.labels(), "label ");
        return chart;
    }

    /** Bounds {minX, maxX, minY, maxY} of the first two coordinates with a 10 % margin. */
    private static double[] bounds(double[] v, int m, int i, int j) {
        double[] b = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY,
                Double.NEGATIVE_INFINITY};
        for (int k = 0; k < m; k++) {
            b[0] = Math.min(b[0], v[i * m + k]);
            b[1] = Math.max(b[1], v[i * m + k]);
            if (j >= 0) {
                b[2] = Math.min(b[2], v[j * m + k]);
                b[3] = Math.max(b[3], v[j * m + k]);
            }
        }
        for (int a = 0; a < 4; a += 2) {
            double pad = Math.max(1e-3, 0.1 * (b[a + 1] - b[a]));
            b[a] -= pad;
            b[a + 1] += pad;
        }
        return b;
    }

    /**
     * The decision regions: the net's predicted class on a grid of {@value #GRID}² points covering the
     * data, with the data on top. For 1-D inputs: the probability of class 1 against x, with the points at
     * their (jittered) labels. Inputs with more than two coordinates are shown in the slice where the others
     * are 0.
     */
    public static XYChart decisionRegions(OdeNet net, Dataset data, String title) {
        int m = data.size();
        double[] features = data.features();
        requirePlottable("the features", features);
        if (data.dimension() == 1) {
            XYChart chart = chart(WIDTH, HEIGHT, title, "x", "P(class 1) / label (jittered)");
            double[] b = bounds(features, m, 0, -1);
            int n = 400;
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = b[0] + (b[1] - b[0]) * k / (n - 1);
            }
            double[] p = net.probabilities(x, n);
            requirePlottable("the probabilities", p);
            classScatter(chart, features, m, 0, -1, data.labels(), "label ");
            line(chart, "P(class 1)", x, java.util.Arrays.copyOfRange(p, n, 2 * n), Color.BLACK);
            line(chart, "decision level 0.5", new double[]{b[0], b[1]}, new double[]{0.5, 0.5}, Color.GRAY)
                    .setLineStyle(SeriesLines.DASH_DASH);
            return chart;
        }
        XYChart chart = chart(WIDTH, HEIGHT, title, "x1", "x2");
        double[] b = bounds(features, m, 0, 1);
        int cells = GRID * GRID;
        double[] grid = new double[net.inputDimension() * cells];
        double dx = (b[1] - b[0]) / GRID;
        double dy = (b[3] - b[2]) / GRID;
        for (int r = 0; r < GRID; r++) {
            for (int c = 0; c < GRID; c++) {
                grid[r * GRID + c] = b[0] + (c + 0.5) * dx;
                grid[cells + r * GRID + c] = b[2] + (r + 0.5) * dy;
            }
        }
        int[] predicted = net.predict(grid, cells);
        Marker tile = new Tile((int) Math.ceil((WIDTH - 80.0) / GRID) + 1, (int) Math.ceil((HEIGHT - 90.0) / GRID) + 1);
        for (int c : distinct(predicted)) {
            List<Double> xs = new ArrayList<>();
            List<Double> ys = new ArrayList<>();
            for (int k = 0; k < cells; k++) {
                if (predicted[k] == c) {
                    xs.add(grid[k]);
                    ys.add(grid[cells + k]);
                }
            }
            XYSeries s = points(chart, "predicted " + c, unbox(xs), unbox(ys), REGION_COLORS[c % REGION_COLORS.length]);
            s.setMarker(tile);
        }
        classScatter(chart, features, m, 0, 1, data.labels(), "label ");
        chart.getStyler().setXAxisMin(b[0]);
        chart.getStyler().setXAxisMax(b[1]);
        chart.getStyler().setYAxisMin(b[2]);
        chart.getStyler().setYAxisMax(b[3]);
        chart.getStyler().setPlotGridLinesVisible(false);
        return chart;
    }

    private static double[] unbox(List<Double> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }

    /**
     * The points transformed layer by layer (the paper's figures): panels of the states {@code y_n} for
     * selected layers n (first two coordinates, coloured by label), the last one with the classifier's
     * boundary {@code Wᵀy + μ = 0} when d = 2. For d = 1: one chart of every state against the layer.
     */
    public static BufferedImage layers(OdeNet net, Dataset data, String title) {
        int m = data.size();
        long values = (net.layers() + 1L) * net.width() * m;
        if (values > MAX_PLOTTED_VALUES) {
            throw new NotPlottable("the states of " + m + " points in " + (net.layers() + 1) + " layers of width "
                    + net.width() + " are " + values + " values, more than " + MAX_PLOTTED_VALUES + " plotted");
        }
        double[][] states = net.layerStates(data.features(), m);
        for (int n = 0; n < states.length; n++) {
            requirePlottable("the states y_" + n, states[n]);
        }
        int layers = net.layers();
        int d = net.width();
        int[] labels = data.labels();
        if (d == 1) {
            XYChart chart = chart(WIDTH, HEIGHT, title, "layer n", "y_n");
            for (int c : distinct(labels)) {
                List<Double> xs = new ArrayList<>();
                List<Double> ys = new ArrayList<>();
                for (int n = 0; n <= layers; n++) {
                    for (int k = 0; k < m; k++) {
                        if (labels[k] == c) {
                            xs.add(n + 0.3 * (jitter(0, k + 7919 * n)));
                            ys.add(states[n][k]);
                        }
                    }
                }
                points(chart, "label " + c, unbox(xs), unbox(ys), classColor(c));
            }
            return BitmapEncoder.getBufferedImage(chart);
        }
        int panels = Math.min(layers + 1, 6);
        double[] h = net.stepSizes();
        List<XYChart> charts = new ArrayList<>();
        for (int p = 0; p < panels; p++) {
            int n = (int) Math.round((double) p * layers / (panels - 1));
            double t = 0;
            for (int i = 0; i < n && net.architecture().update().usesStepSizes(); i++) {
                t += h[i];
            }
            String panelTitle = n == 0 ? "input y_0 (lifted)" : net.architecture().update().usesStepSizes()
                    ? String.format(Locale.ROOT, "layer %d (t = %.3g)", n, t) : "layer " + n;
            XYChart chart = chart(PANEL_WIDTH, PANEL_HEIGHT, panelTitle, "y1", "y2");
            chart.getStyler().setMarkerSize(4);
            chart.getStyler().setLegendVisible(p == panels - 1);
            classScatter(chart, states[n], m, 0, 1, labels, "label ");
            if (n == layers && d == 2 && net.head().outputs() == 1) {
                addBoundary(chart, net, bounds(states[n], m, 0, 1));
            }
            charts.add(chart);
        }
        String suffix = d > 2 ? " (first 2 of " + d + " coordinates)" : "";
        return grid(charts, PANEL_COLUMNS, title + suffix);
    }

    /** The line W1 y1 + W2 y2 + μ = 0 clipped to the box b. */
    private static void addBoundary(XYChart chart, OdeNet net, double[] b) {
        double[] u = net.parameters();
        Parameters.Block w = net.layout().headWeights();
        double w1 = w.get(u, 0, 0);
        double w2 = w.get(u, 1, 0);
        double mu = net.layout().headBias().get(u, 0, 0);
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        int n = 200;
        for (int k = 0; k < n; k++) {
            if (Math.abs(w2) >= Math.abs(w1)) {
                double x = b[0] + (b[1] - b[0]) * k / (n - 1);
                double y = -(mu + w1 * x) / w2;
                if (y >= b[2] && y <= b[3]) {
                    xs.add(x);
                    ys.add(y);
                }
            } else {
                double y = b[2] + (b[3] - b[2]) * k / (n - 1);
                double x = -(mu + w2 * y) / w1;
                if (x >= b[0] && x <= b[1]) {
                    xs.add(x);
                    ys.add(y);
                }
            }
        }
        if (xs.size() >= 2) {
            // the boundary is straight: its two end points draw it (and keep the dash pattern intact)
            double[] x = {xs.get(0), xs.get(xs.size() - 1)};
            double[] y = {ys.get(0), ys.get(ys.size() - 1)};
            line(chart, "classifier W'y + mu = 0", x, y, Color.BLACK)
                    .setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    /** The loss of every iteration (log scale when all values are positive). */
    public static XYChart loss(double[] losses, String title) {
        return loss(losses, 0, title);
    }

    /** The loss of iterations {@code first + 1, first + 2, …} (log scale when all values are positive). */
    public static XYChart loss(double[] losses, long first, String title) {
        requirePlottable("the losses", losses);
        XYChart chart = chart(WIDTH, HEIGHT, title, "iteration", "loss");
        double[] x = new double[losses.length];
        boolean positive = losses.length > 0;
        for (int k = 0; k < x.length; k++) {
            x[k] = first + k + 1;
            positive &= losses[k] > 0;
        }
        if (losses.length == 0) {
            x = new double[]{0};
            losses = new double[]{Double.NaN};
        }
        line(chart, "training loss (batch)", x, losses, CLASS_COLORS[0]).setLineWidth(1.5f);
        chart.getStyler().setYAxisLogarithmic(positive);
        chart.getStyler().setYAxisDecimalPattern(positive ? "0.###E0" : "0.####");
        return chart;
    }

    /** Train and test accuracy over the evaluated iterations. */
    public static XYChart accuracy(List<TrainingProgress> history, String title) {
        XYChart chart = chart(WIDTH, HEIGHT, title, "iteration", "accuracy");
        List<TrainingProgress> evaluated = history.stream().filter(TrainingProgress::evaluated).toList();
        double[] x = evaluated.stream().mapToDouble(TrainingProgress::iteration).toArray();
        double[] train = evaluated.stream().mapToDouble(TrainingProgress::trainAccuracy).toArray();
        double[] test = evaluated.stream().mapToDouble(TrainingProgress::testAccuracy).toArray();
        if (x.length == 0) {
            x = new double[]{0};
            train = new double[]{Double.NaN};
            test = new double[]{Double.NaN};
        }
        line(chart, "train", x, train, CLASS_COLORS[0]);
        if (java.util.Arrays.stream(test).anyMatch(v -> !Double.isNaN(v))) {
            line(chart, "test", x, test, CLASS_COLORS[1]).setLineStyle(SeriesLines.DASH_DASH);
        }
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        return chart;
    }

    /** The step sizes h_n against n, with the initial (or fixed) value T/N. */
    public static XYChart stepSizes(OdeNet net, String title) {
        double[] h = net.stepSizes();
        requirePlottable("the step sizes", h);
        double sum = java.util.Arrays.stream(h).sum();
        XYChart chart = chart(WIDTH, HEIGHT, String.format(Locale.ROOT, "%s (sum h = %.4g)", title, sum),
                "layer n", "h_n");
        double[] n = new double[h.length];
        for (int k = 0; k < n.length; k++) {
            n[k] = k;
        }
        XYSeries learned = line(chart, net.architecture().stepSizes().learned() ? "learned h_n" : "fixed h_n", n, h,
                CLASS_COLORS[1]);
        learned.setMarker(SeriesMarkers.CIRCLE);
        learned.setMarkerColor(CLASS_COLORS[1]);
        double initial = net.architecture().horizon() / net.layers();
        line(chart, "initial T/N", new double[]{0, Math.max(1, h.length - 1)}, new double[]{initial, initial},
                Color.GRAY).setLineStyle(SeriesLines.DASH_DASH);
        return chart;
    }

    /** A filled rectangle of a fixed pixel size, to tile decision regions (XChart sizes markers per chart). */
    private static final class Tile extends Marker {
        private final int width;
        private final int height;

        Tile(int width, int height) {
            this.width = width;
            this.height = height;
        }

        @Override
        public void paint(Graphics2D g, double xOffset, double yOffset, int markerSize) {
            g.fill(new Rectangle2D.Double(xOffset - width / 2.0, yOffset - height / 2.0, width, height));
        }
    }
}
