package io.github.pontryagin.plots;

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

import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.knowm.xchart.style.lines.SeriesLines;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.Parameters;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.train.TrainingProgress;

/**
 * The figures of an ODE-net as XChart charts: the data, the decision regions, the points transformed layer by
 * layer, loss and accuracy curves, the learned step sizes and the loss curves of several runs. The command line
 * ({@code pontryagin train}, {@code compare}, …) and the notebooks draw with these methods. Files are written
 * atomically ({@link AtomicFiles}) as PNG ({@link #PNG_SCALE} times the chart size in pixels), SVG or PDF
 * ({@link PlotFormat}). One-dimensional inputs (donut1d) get their own forms: a strip plot of x against the
 * (jittered) label and the class-1 probability as a curve.
 *
 * <p>Axes are readable: iteration and layer axes get round ticks (0, 200, 400, … rather than XChart's ticks at
 * every k-th data point, 1, 51, 101, …), log axes plain decimals (0.001, not 1E-3), and a title too wide for
 * its chart is set in a smaller font.
 */
public final class Plots {

    /** Width and height of a single chart in points (PNG pixels before {@link #PNG_SCALE}). */
    public static final int WIDTH = 640;
    public static final int HEIGHT = 520;
    /** Size of one panel of the layer-by-layer figure. */
    public static final int PANEL_WIDTH = 420;
    public static final int PANEL_HEIGHT = 380;
    /** Panels per row of the layer-by-layer figure. */
    public static final int PANEL_COLUMNS = 3;
    /** Height of the title band above a grid of charts. */
    public static final int GRID_TITLE_BAND = 36;
    /**
     * PNG files hold this many pixels per chart point: a 640 × 520 chart is 1280 × 1040 pixels, sharp in a
     * paper column or on a high-density screen (about 200 dpi at 6.4 inches wide).
     */
    public static final int PNG_SCALE = 2;

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
    public static void requirePlottable(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            double v = values[i];
            if (!(Math.abs(v) <= MAX_PLOTTED)) {
                throw new NotPlottable(what + " reach " + v + " (entry " + i + "); plots need finite values within "
                        + "+-" + MAX_PLOTTED);
            }
        }
    }

    /**
     * A figure: one chart, or charts in a grid of {@code columns} per row under a title band (the
     * layer-by-layer panels). Written in any {@link PlotFormat} by {@link #write(Figure, Path, PlotFormat)}.
     *
     * @param title the grid's title above the charts, or null for none (charts side by side, or a single chart)
     */
    public record Figure(List<XYChart> charts, int columns, String title) {

        public Figure {
            if (charts.isEmpty() || columns < 1) {
                throw new IllegalArgumentException("a figure needs at least one chart and one column, got "
                        + charts.size() + " charts in " + columns + " columns");
            }
            charts = List.copyOf(charts);
        }

        /** A figure of one chart. */
        public static Figure of(XYChart chart) {
            return new Figure(List.of(chart), 1, null);
        }

        /** Charts side by side in one row, without a grid title (each has its own). */
        public static Figure row(XYChart... charts) {
            return new Figure(List.of(charts), charts.length, null);
        }

        private int band() {
            return title == null ? 0 : GRID_TITLE_BAND;
        }

        /** True for a single chart without a grid title. */
        public boolean single() {
            return charts.size() == 1 && title == null;
        }

        private int rows() {
            return (charts.size() + columns - 1) / columns;
        }

        /** The width in points. */
        public int width() {
            return single() ? charts.get(0).getWidth() : Math.min(columns, charts.size()) * charts.get(0).getWidth();
        }

        /** The height in points. */
        public int height() {
            return single() ? charts.get(0).getHeight() : band() + rows() * charts.get(0).getHeight();
        }

        /** Draws the figure at the origin of {@code g}, in points. */
        public void paint(Graphics2D g) {
            if (single()) {
                charts.get(0).paint(g, charts.get(0).getWidth(), charts.get(0).getHeight());
                return;
            }
            int w = charts.get(0).getWidth();
            int h = charts.get(0).getHeight();
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width(), height());
            g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING,
                    java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            if (title != null) {
                g.setColor(Color.BLACK);
                g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
                int textWidth = g.getFontMetrics().stringWidth(title);
                g.drawString(title, Math.max(8, (width() - textWidth) / 2), 25);
            }
            for (int i = 0; i < charts.size(); i++) {
                Graphics2D panel = (Graphics2D) g.create((i % columns) * w, band() + (i / columns) * h, w, h);
                charts.get(i).paint(panel, w, h);
                panel.dispose();
            }
        }
    }

    /** The figure as an image, {@link #PNG_SCALE} pixels per point (what a notebook shows inline). */
    public static BufferedImage image(Figure figure) {
        BufferedImage image = new BufferedImage(figure.width() * PNG_SCALE, figure.height() * PNG_SCALE,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(PNG_SCALE, PNG_SCALE);
        figure.paint(g);
        g.dispose();
        return image;
    }

    /** A chart as an image, {@link #PNG_SCALE} pixels per point. */
    public static BufferedImage image(XYChart chart) {
        return image(Figure.of(chart));
    }

    /** Writes a chart in the format of the file's extension ({@code .png}, {@code .svg}, {@code .pdf}), atomically. */
    public static void write(XYChart chart, Path path) throws IOException {
        write(Figure.of(chart), path, formatOf(path));
    }

    /** Writes a chart in the given format, atomically. */
    public static void write(XYChart chart, Path path, PlotFormat format) throws IOException {
        write(Figure.of(chart), path, format);
    }

    /** Writes a figure in the given format, atomically. */
    public static void write(Figure figure, Path path, PlotFormat format) throws IOException {
        switch (format) {
            case PNG -> {
                BufferedImage image = image(figure);
                AtomicFiles.write(path, out -> {
                    if (!ImageIO.write(image, "png", out)) {
                        throw new IOException("no PNG writer available for " + path);
                    }
                });
            }
            case SVG, PDF -> {
                if (figure.single()) {
                    VectorGraphicsEncoder.VectorGraphicsFormat vector = format == PlotFormat.SVG
                            ? VectorGraphicsEncoder.VectorGraphicsFormat.SVG : VectorGraphicsEncoder.VectorGraphicsFormat.PDF;
                    AtomicFiles.write(path, out -> VectorGraphicsEncoder.saveVectorGraphic(figure.charts().get(0), out,
                            vector));
                } else {
                    VectorGraphics2D g = new VectorGraphics2D();
                    figure.paint(g);
                    PageSize page = new PageSize(0, 0, figure.width(), figure.height());
                    AtomicFiles.write(path, out -> Processors.get(format.extension()).getDocument(g.getCommands(), page)
                            .writeTo(out));
                }
            }
            default -> throw new IllegalStateException("unknown plot format " + format);
        }
    }

    /** The format named by a file's extension; PNG when it has none of png, svg, pdf. */
    public static PlotFormat formatOf(Path path) {
        String name = path.getFileName().toString();
        int dot = name.lastIndexOf('.');
        try {
            return dot < 0 ? PlotFormat.PNG : PlotFormat.byName(name.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return PlotFormat.PNG;
        }
    }

    /**
     * An empty chart in the project's style: white background, legend below, readable ticks, the title in a
     * smaller font if it would not fit.
     */
    public static XYChart chart(int width, int height, String title, String xTitle, String yTitle) {
        return styled(width, height, title, xTitle, yTitle);
    }

    /**
     * Round ticks on an x axis of counts (iterations, layers): XChart puts the ticks of equally spaced x values
     * at every k-th value (1, 51, 101, …, labels running into each other on long runs); one invisible point at
     * a non-integer x makes it compute round ticks instead, and the axis starts at {@code min}.
     *
     * @param y a value already on the chart's y range (so the point changes neither range)
     */
    public static void countAxis(XYChart chart, double min, double y) {
        XYSeries pad = chart.addSeries(" ", new double[]{min + 0.5}, new double[]{y});
        pad.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        pad.setMarker(SeriesMarkers.NONE);
        pad.setShowInLegend(false);
        chart.getStyler().setXAxisMin(min);
        chart.getStyler().setXAxisDecimalPattern("0");
    }

    /** A logarithmic y axis labelled with plain decimals (1, 0.1, 0.001, …) rather than 1E-3. */
    public static void logY(XYChart chart) {
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setYAxisDecimalPattern("0.##########");
    }

    /** Ratio of the largest to the smallest value from which {@link #lossAxis} chooses a log axis. */
    public static final double LOG_AXIS_SPREAD = 50;

    /**
     * The y axis for the given values (a loss): logarithmic ({@link #logY}) when all are positive and they span
     * at least {@link #LOG_AXIS_SPREAD} (XChart labels only the decades of a log axis, so a narrower range would
     * show one label or none), linear otherwise.
     */
    public static void lossAxis(XYChart chart, double... values) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        if (min > 0 && max >= LOG_AXIS_SPREAD * min) {
            logY(chart);
        } else {
            chart.getStyler().setYAxisDecimalPattern("0.####");
        }
    }

    /** Sets the title in a font small enough for the chart's width (down to 9 pt). */
    static void fitTitle(XYChart chart) {
        Font font = chart.getStyler().getChartTitleFont();
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = probe.createGraphics();
        int size = font.getSize();
        int available = chart.getWidth() - 20;
        while (size > 9 && g.getFontMetrics(font.deriveFont((float) size)).stringWidth(chart.getTitle()) > available) {
            size--;
        }
        g.dispose();
        chart.getStyler().setChartTitleFont(font.deriveFont((float) size));
    }

    private static XYChart styled(int width, int height, String title, String xTitle, String yTitle) {
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
        fitTitle(chart);
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
        // the tiles reach the plot's border (XChart leaves 8 % of the plot empty by default)
        chart.getStyler().setPlotContentSize(1.0);
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
    public static Figure layers(OdeNet net, Dataset data, String title) {
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
            countAxis(chart, 0, states[0][0]);
            return Figure.of(chart);
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
        return new Figure(List.copyOf(charts), PANEL_COLUMNS, title + suffix);
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

    /** The loss of every iteration (on a log scale when positive and spread out: {@link #lossAxis}). */
    public static XYChart loss(double[] losses, String title) {
        return loss(losses, 0, title);
    }

    /** The loss of iterations {@code first + 1, first + 2, …} (on a log scale as {@link #loss(double[], String)}). */
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
        lossAxis(chart, positive ? losses : new double[]{-1});
        if (Double.isFinite(losses[0])) {
            countAxis(chart, first, losses[0]);
        }
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
        if (evaluated.size() > 1 && Double.isFinite(train[0])) {
            countAxis(chart, 0, train[0]);
        }
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
        countAxis(chart, 0, initial);
        return chart;
    }

    /**
     * The loss curves of several runs in one chart, the legend on the right (log scale when every value is
     * positive; at most 400 points per curve, every k-th iteration).
     *
     * @param names  one legend entry per run
     * @param losses the loss of every iteration of each run, iterations 1, 2, …
     */
    public static XYChart lossComparison(String title, List<String> names, List<double[]> losses) {
        if (names.size() != losses.size()) {
            throw new IllegalArgumentException("names and losses must have the same size, got " + names.size()
                    + " and " + losses.size());
        }
        XYChart chart = styled(WIDTH + 260, HEIGHT, title, "iteration", "loss");
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Vertical);
        chart.getStyler().setLegendBorderColor(new Color(0xC0C0C0));
        boolean positive = true;
        double firstValue = Double.NaN;
        for (int r = 0; r < names.size(); r++) {
            double[] run = losses.get(r);
            requirePlottable("the losses of " + names.get(r), run);
            int n = run.length;
            int step = Math.max(1, n / 400);
            int count = Math.max(1, (n + step - 1) / step);
            double[] x = new double[count];
            double[] y = new double[count];
            y[0] = Double.NaN;
            for (int k = 0, i = 0; k < n; k += step, i++) {
                x[i] = k + 1;
                y[i] = run[k];
                positive &= run[k] > 0;
            }
            if (n > 0 && Double.isNaN(firstValue)) {
                firstValue = run[0];
            }
            line(chart, names.get(r), x, y, CLASS_COLORS[r % CLASS_COLORS.length]).setLineWidth(1.5f);
        }
        lossAxis(chart, positive ? losses.stream().flatMapToDouble(java.util.Arrays::stream).toArray()
                : new double[]{-1});
        if (!Double.isNaN(firstValue)) {
            countAxis(chart, 0, firstValue);
        }
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
