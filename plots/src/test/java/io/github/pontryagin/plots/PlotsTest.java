package io.github.pontryagin.plots;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.internal.chartpart.AxisPair;
import org.knowm.xchart.internal.chartpart.Chart;
import org.w3c.dom.Document;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.Datasets;

/** Every format is written and valid, for a chart and for a grid; the axes carry round, non-overlapping ticks. */
class PlotsTest {

    @TempDir
    Path dir;

    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};

    /** Asserts that the file is a valid file of the format; returns its bytes. */
    private static byte[] assertValid(Path file, PlotFormat format, int pointWidth, int pointHeight) throws Exception {
        assertTrue(Files.isRegularFile(file), file + " written");
        byte[] bytes = Files.readAllBytes(file);
        switch (format) {
            case PNG -> {
                byte[] head = java.util.Arrays.copyOf(bytes, 8);
                assertArrayEquals(PNG_SIGNATURE, head, "PNG signature of " + file);
                BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
                assertNotNull(image);
                assertEquals(pointWidth * Plots.PNG_SCALE, image.getWidth());
                assertEquals(pointHeight * Plots.PNG_SCALE, image.getHeight());
            }
            case SVG -> {
                DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
                factory.setNamespaceAware(true);
                factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                Document svg = factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
                assertEquals("svg", svg.getDocumentElement().getLocalName());
                assertEquals("http://www.w3.org/2000/svg", svg.getDocumentElement().getNamespaceURI());
                assertTrue(svg.getElementsByTagNameNS("*", "text").getLength()
                        + svg.getElementsByTagNameNS("*", "path").getLength() > 10, "the SVG draws something");
            }
            case PDF -> {
                String text = new String(bytes, StandardCharsets.ISO_8859_1);
                assertTrue(text.startsWith("%PDF-1."), "PDF header of " + file);
                assertTrue(text.stripTrailing().endsWith("%%EOF"), "PDF trailer of " + file);
                assertTrue(text.contains("/Page"), "a PDF page in " + file);
            }
            default -> throw new AssertionError(format);
        }
        return bytes;
    }

    @Test
    void everyFormatIsWrittenAndValidForAChartAndAGrid() throws Exception {
        Dataset data = Datasets.spiral(60, 1);
        try (OdeNet net = OdeNet.builder().inputDimension(2).width(2).layers(5).tableau("rk4").seed(1).build()) {
            for (PlotFormat format : PlotFormat.values()) {
                Path chart = dir.resolve(format.fileName("loss.png"));
                Plots.write(Plots.loss(new double[]{0.5, 0.2, 0.1, 0.05}, "loss"), chart, format);
                assertValid(chart, format, Plots.WIDTH, Plots.HEIGHT);
                if (format == PlotFormat.PNG) {
                    continue; // the grid as PNG: examples' DemoAndTrainTest
                }
                Path grid = dir.resolve(format.fileName("layers.png"));
                Plots.Figure layers = Plots.layers(net, data, "layers");
                assertFalse(layers.single());
                Plots.write(layers, grid, format);
                assertValid(grid, format, 0, 0);
            }
            assertEquals(PlotFormat.SVG, Plots.formatOf(dir.resolve("a.SVG")));
            Plots.write(Plots.stepSizes(net, "h"), dir.resolve("h.pdf"));
            assertValid(dir.resolve("h.pdf"), PlotFormat.PDF, 0, 0);
        }
    }

    /** The tick labels XChart computed for an axis of a chart that has been drawn. */
    @SuppressWarnings("rawtypes")
    private static List<String> tickLabels(XYChart chart, boolean x) throws Exception {
        Plots.image(chart);
        Field field = Chart.class.getDeclaredField("axisPair");
        field.setAccessible(true);
        AxisPair pair = (AxisPair) field.get(chart);
        java.lang.reflect.Method axis = AxisPair.class.getDeclaredMethod(x ? "getXAxis" : "getYAxis");
        axis.setAccessible(true);
        Object a = axis.invoke(pair);
        java.lang.reflect.Method calculator = a.getClass().getMethod("getAxisTickCalculator");
        Object c = calculator.invoke(a);
        java.lang.reflect.Method labels = c.getClass().getMethod("getTickLabels");
        labels.setAccessible(true);
        @SuppressWarnings("unchecked")
        List<String> out = new ArrayList<>((List<String>) labels.invoke(c));
        out.removeIf(label -> label == null || label.isEmpty());
        return out;
    }

    /** Round: 1, 2 or 5 times a power of ten, or 0. */
    private static boolean round(String label) {
        double v = Math.abs(Double.parseDouble(label.replace(",", "")));
        if (v == 0) {
            return true;
        }
        double mantissa = v / Math.pow(10, Math.floor(Math.log10(v) + 1e-12));
        return Math.abs(mantissa - Math.rint(mantissa)) < 1e-9;
    }

    @Test
    void longRunsGetFewRoundIterationTicksAndLogAxesPlainDecimals() throws Exception {
        double[] losses = new double[1000];
        for (int k = 0; k < losses.length; k++) {
            losses[k] = 0.3 * Math.exp(-k / 150.0) + 2e-4;
        }
        for (XYChart chart : List.of(Plots.loss(losses, "loss"), Plots.lossComparison("runs", List.of("a", "b"),
                List.of(losses, java.util.Arrays.copyOf(losses, 700))))) {
            List<String> x = tickLabels(chart, true);
            assertTrue(x.size() >= 3 && x.size() <= 11, "x ticks " + x);
            double step = Double.parseDouble(x.get(1)) - Double.parseDouble(x.get(0));
            assertTrue(round(Double.toString(step)) && step >= 100,
                    "ticks of a 1000-iteration axis 1, 2 or 5 times a power of ten, at least 100 apart: " + x);
            for (String label : x) {
                double v = Double.parseDouble(label.replace(",", ""));
                assertEquals(0, Math.IEEEremainder(v, step), 1e-9, "x ticks are multiples of the step: " + x);
            }
            List<String> y = tickLabels(chart, false);
            assertFalse(y.isEmpty());
            for (String label : y) {
                assertFalse(label.contains("E"), "log axis labels are plain decimals: " + y);
            }
            assertTrue(y.contains("0.001"), "decades labelled: " + y);
        }
    }

    @Test
    void aTitleTooWideForItsChartIsSetSmaller() {
        XYChart narrow = Plots.chart(300, 200, "a very long title that does not fit into three hundred points", "x",
                "y");
        XYChart wide = Plots.chart(Plots.WIDTH, Plots.HEIGHT, "short", "x", "y");
        assertTrue(narrow.getStyler().getChartTitleFont().getSize() < wide.getStyler().getChartTitleFont().getSize());
    }
}
