package io.github.pontryagin.adjoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.ToDoubleFunction;

import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorField;
import io.github.pontryagin.core.tableau.Tableau;

/**
 * Central finite-difference check of an analytic gradient, reported per parameter block.
 *
 * <p>Entry {@code i} is perturbed by {@code ε_i = step · max(1, |x_i|)} and differenced centrally,
 * {@code (J(x + ε_i e_i) − J(x − ε_i e_i)) / 2ε_i} (error O(ε²)). The error of a block is the largest
 * absolute difference divided by the largest absolute analytic entry of that block (at least
 * {@code 1e-300}), so that tiny entries do not turn round-off into false alarms ({@code docs/theory.md} §2).
 */
public final class GradientCheck {

    /** Default relative step ε; with float64 and smooth losses it gives errors near 1e-10. */
    public static final double DEFAULT_STEP = 1e-5;

    /** A named set of entries of the flat parameter vector. */
    public record Block(String name, int[] indices) {
        public Block {
            if (indices == null || indices.length == 0) {
                throw new IllegalArgumentException("block '" + name + "' must contain at least one index");
            }
        }

        /** The contiguous range {@code [from, to)}. */
        public static Block range(String name, int from, int to) {
            int[] indices = new int[to - from];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = from + i;
            }
            return new Block(name, indices);
        }
    }

    /**
     * The result for one block.
     *
     * @param relativeError  max |analytic − numeric| / max |analytic| over the block
     * @param absoluteError  max |analytic − numeric|
     * @param worstIndex     the flat index where the absolute error is largest
     */
    public record BlockReport(String name, int size, double relativeError, double absoluteError, int worstIndex,
                              double analytic, double numeric, double largestEntry) {
    }

    /** Reports for every block, with a printable table. */
    public record Report(List<BlockReport> blocks) {
        public double maxRelativeError() {
            return blocks.stream().mapToDouble(BlockReport::relativeError).max().orElse(0);
        }

        /** A Markdown table: block, size, largest |entry|, max abs error, relative error, worst index. */
        public String toTable() {
            StringBuilder out = new StringBuilder();
            // a Markdown table: no bare '|' inside a cell (block names are escaped)
            out.append("| block | entries | max abs gradient | max abs error | relative error | worst index |\n");
            out.append("|---|---:|---:|---:|---:|---:|\n");
            for (BlockReport b : blocks) {
                out.append(String.format(Locale.ROOT, "| %s | %d | %.3e | %.3e | %.3e | %d |%n",
                        b.name().replace("|", "\\|"), b.size(),
                        b.largestEntry(), b.absoluteError(), b.relativeError(), b.worstIndex()));
            }
            return out.toString();
        }
    }

    private GradientCheck() {
    }

    /**
     * Compares {@code analytic} with central differences of {@code loss} at {@code x}, block by block.
     * {@code x} is perturbed in place and restored exactly.
     */
    public static Report check(ToDoubleFunction<double[]> loss, double[] x, double[] analytic, List<Block> blocks,
                               double step) {
        if (!(step > 0) || !Double.isFinite(step)) {
            throw new IllegalArgumentException("finite-difference step must be finite and > 0, got " + step);
        }
        if (analytic.length != x.length) {
            throw new IllegalArgumentException("analytic gradient has length " + analytic.length
                    + " but the point has length " + x.length);
        }
        List<BlockReport> reports = new ArrayList<>();
        for (Block block : blocks) {
            double largest = 1e-300;
            for (int i : block.indices()) {
                largest = Math.max(largest, Math.abs(analytic[i]));
            }
            double worst = -1;
            int worstIndex = -1;
            double worstNumeric = 0;
            for (int i : block.indices()) {
                double xi = x[i];
                double eps = step * Math.max(1, Math.abs(xi));
                x[i] = xi + eps;
                double plus = loss.applyAsDouble(x);
                x[i] = xi - eps;
                double minus = loss.applyAsDouble(x);
                x[i] = xi;
                double numeric = (plus - minus) / (2 * eps);
                double error = Math.abs(numeric - analytic[i]);
                if (!(error <= worst)) {
                    worst = error;
                    worstIndex = i;
                    worstNumeric = numeric;
                }
            }
            reports.add(new BlockReport(block.name(), block.indices().length, worst / largest, worst, worstIndex,
                    analytic[worstIndex], worstNumeric, largest));
        }
        return new Report(reports);
    }

    /**
     * Checks the discrete adjoint of {@code layers} steps of {@code tableau} applied to a user's
     * {@code field}, at random parameters (entries ~ N(0, 1/d)), random step sizes in [0.05, 0.25]
     * and a random batch of {@code m} points, for the loss {@code J = Σ c ⊙ tanh(y_N)} with random
     * weights c. Blocks: each of the field's parameter blocks (all layers together), the step sizes
     * {@code h} and the initial state {@code y0}.
     */
    public static Report checkField(VectorField field, Tableau tableau, int layers, int m, long seed) {
        DiscreteFlow flow = new DiscreteFlow(LayerUpdate.rungeKutta(tableau), field, layers);
        int d = field.dimension();
        int dm = d * m;
        int count = flow.parameterCount();
        SplittableRandom random = new SplittableRandom(seed);
        double scale = 1 / Math.sqrt(d);
        double[] x = new double[count + layers + dm];
        for (int i = 0; i < count; i++) {
            x[i] = scale * gaussian(random);
        }
        for (int n = 0; n < layers; n++) {
            x[count + n] = 0.05 + 0.2 * random.nextDouble();
        }
        for (int q = 0; q < dm; q++) {
            x[count + layers + q] = gaussian(random);
        }
        double[] weights = new double[dm];
        for (int q = 0; q < dm; q++) {
            weights[q] = gaussian(random);
        }
        GradientPass pass = DiscreteAdjoint.reverse().newPass(flow, m);
        double[] theta = new double[count];
        double[] h = new double[layers];
        double[] y0 = new double[dm];
        ToDoubleFunction<double[]> loss = point -> {
            System.arraycopy(point, 0, theta, 0, count);
            System.arraycopy(point, count, h, 0, layers);
            System.arraycopy(point, count + layers, y0, 0, dm);
            double[] yN = pass.forward(theta, h, y0);
            double sum = 0;
            for (int q = 0; q < dm; q++) {
                sum += weights[q] * Math.tanh(yN[q]);
            }
            return sum;
        };
        loss.applyAsDouble(x);
        double[] yN = pass.state(layers);
        double[] pN = new double[dm];
        for (int q = 0; q < dm; q++) {
            double t = Math.tanh(yN[q]);
            pN[q] = weights[q] * (1 - t * t);
        }
        FlowGradient gradient = flow.newGradient(m);
        pass.backward(theta, h, pN, gradient);
        double[] analytic = new double[x.length];
        System.arraycopy(gradient.theta, 0, analytic, 0, count);
        System.arraycopy(gradient.h, 0, analytic, count, layers);
        System.arraycopy(gradient.y0, 0, analytic, count + layers, dm);
        List<Block> blocks = new ArrayList<>();
        int perLayer = field.parameterCount();
        for (ParameterBlock block : field.parameterBlocks()) {
            int[] indices = new int[block.size() * layers];
            for (int n = 0; n < layers; n++) {
                for (int r = 0; r < block.size(); r++) {
                    indices[n * block.size() + r] = n * perLayer + block.offset() + r;
                }
            }
            blocks.add(new Block(block.name(), indices));
        }
        blocks.add(Block.range("h", count, count + layers));
        blocks.add(Block.range("y0", count + layers, x.length));
        return check(loss, x, analytic, blocks, DEFAULT_STEP);
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log1p(-u)) * Math.cos(2 * Math.PI * v);
    }
}
