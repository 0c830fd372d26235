package io.github.pontryagin.core.optim;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The (randomised) coordinate Itoh–Abe discrete-gradient method, derivative-free (Itoh and Abe 1988;
 * Ehrhardt, Riis, Ringholm and Schönlieb 2018, "A geometric integration approach to smooth optimisation:
 * foundations of the discrete gradient method"; docs/theory.md §3.11). One step is one sweep over the coordinates, in an order shuffled per
 * sweep from the seed when randomised; coordinate i moves by the nonzero root s of
 * <pre>
 *   (J(u + s eᵢ) − J(u)) / s = −s/τ,        so that        J(u + s eᵢ) = J(u) − s²/τ,
 * </pre>
 * the discrete gradient of the gradient flow {@code u̇ = −∇J} with time step τ. Hence J decreases at every
 * coordinate update, for every τ &gt; 0, and fixed points are points where no coordinate line has a nonzero root
 * (stationary points of J along every coordinate).
 *
 * <p>On {@link StiefelBlock}s the coordinates are the Givens rotations {@code exp(θ(e_i e_jᵀ − e_j e_iᵀ))},
 * i &lt; j &lt; n, acting on the rows of Q — a basis of the Lie algebra so(n) of the group acting on V_{n,p} —
 * with the same equation for θ: the Riemannian discrete gradient of Celledoni, Eidnes, Owren and Ringholm 2018
 * ("Dissipative numerical schemes on Riemannian manifolds with applications to gradient flows", the coordinate
 * Itoh–Abe method of §4 in the coordinates of the group action). QᵀQ = I is kept to round-off.
 *
 * <p>The root is bracketed (a trial step from the last accepted step of the coordinate, doubled or halved) and
 * refined by the Illinois variant of regula falsi; the accepted end of the bracket always has
 * {@code J(u + s eᵢ) − J(u) + s²/τ ≤ 0}, so the decrease is exact, not up to the solver's tolerance. Only
 * {@link Objective#value(double[])} is called. The last step of each coordinate (the first trial of the next
 * bracket) lives in the state and in its {@link OptimizerState#snapshot() snapshot}, so a run resumed from a
 * checkpoint continues bit-identically.
 *
 * @param tau        time step τ &gt; 0
 * @param randomized whether the coordinate order is shuffled every sweep
 * @param seed       seed of the shuffle
 * @param blocks     blocks kept on Stiefel manifolds (may be empty)
 */
public record ItohAbe(double tau, boolean randomized, long seed, List<StiefelBlock> blocks) implements Optimizer {

    /** Relative probe used to decide the direction along a coordinate, and below which a step counts as zero. */
    static final double PROBE = 1e-9;
    private static final int MAX_BRACKET = 200;
    private static final int MAX_REFINE = 60;

    public ItohAbe {
        Checks.positive("tau", tau);
        blocks = List.copyOf(Checks.notNull("blocks", blocks));
        if (!blocks.isEmpty()) {
            StiefelConstraints.requireDisjoint(blocks);
        }
    }

    /** Work arrays of one run: the coordinate order, the last steps, saved rows and the reusable lines. */
    private final class Work implements ResumableState {
        final Axis axis = new Axis();
        final Givens givens = new Givens();
        final int[] order;
        final double[] lastStep;
        final double[] rowI;
        final double[] rowJ;
        final boolean[] inBlock;
        final int[] freeIndex;

        Work(int dimension, List<StiefelBlock> blocks) {
            inBlock = new boolean[dimension];
            int maxCols = 1;
            int coordinates = 0;
            for (StiefelBlock b : blocks) {
                if (b.end() > dimension) {
                    throw new IllegalArgumentException("orthogonal block " + b.name() + " ends at " + b.end()
                            + " but the parameter vector has length " + dimension);
                }
                for (int i = b.offset(); i < b.end(); i++) {
                    inBlock[i] = true;
                }
                maxCols = Math.max(maxCols, b.cols());
                coordinates += b.rows() * (b.rows() - 1) / 2;
            }
            for (boolean in : inBlock) {
                coordinates += in ? 0 : 1;
            }
            freeIndex = new int[dimension];
            int free = 0;
            for (int i = 0; i < dimension; i++) {
                if (!inBlock[i]) {
                    freeIndex[free++] = i;
                }
            }
            order = new int[coordinates];
            lastStep = new double[coordinates];
            rowI = new double[maxCols];
            rowJ = new double[maxCols];
        }

        /** The last accepted step of every coordinate (the first trial of its next bracket). */
        @Override
        public double[] save() {
            return lastStep.clone();
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("the Itoh–Abe method (last step per coordinate)", saved, lastStep.length);
            System.arraycopy(saved, 0, lastStep, 0, lastStep.length);
        }
    }

    /** The same method with Givens coordinates on the given blocks (its {@link Optimizer#onStiefel} meaning). */
    @Override
    public Optimizer onStiefel(List<StiefelBlock> constrained, Retraction retraction) {
        return new ItohAbe(tau, randomized, seed, constrained);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, false, false, false, false, false);
        state.attach(this, new Work(dimension, blocks));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        if (!(state.attachment(this) instanceof Work work)) {
            throw new IllegalArgumentException("the optimizer state was not created by this Itoh–Abe method's newState");
        }
        int[] order = work.order;
        for (int c = 0; c < order.length; c++) {
            order[c] = c;
        }
        if (randomized) {
            SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + state.iteration);
            for (int c = order.length - 1; c > 0; c--) {
                int j = random.nextInt(c + 1);
                int t = order[c];
                order[c] = order[j];
                order[j] = t;
            }
        }
        double start = objective.value(u);
        double current = start;
        for (int c : order) {
            current = updateCoordinate(objective, u, c, current, work);
        }
        state.iteration++;
        state.lastValue = start;
        return start;
    }

    /** Solves the discrete-gradient equation along coordinate c, moves u, and returns the new J. */
    private double updateCoordinate(Objective objective, double[] u, int c, double value, Work work) {
        Line line = line(u, c, work);
        double probe = PROBE * Math.max(1.0, line.scale());
        double plus = line.excess(objective, probe, value);
        double minus = line.excess(objective, -probe, value);
        if (plus >= 0.0 && minus >= 0.0) {
            return value;
        }
        double sign = plus < minus ? 1.0 : -1.0;
        // bracket: low has excess < 0 (the move decreases J by more than s²/τ), high has excess >= 0
        double low = probe;
        double lowExcess = Math.min(plus, minus);
        double trial = Math.abs(work.lastStep[c]);
        double high = Double.NaN;
        double highExcess = Double.NaN;
        if (trial > low) {
            double e = line.excess(objective, sign * trial, value);
            if (e < 0.0) {
                low = trial;
                lowExcess = e;
            } else {
                high = trial;
                highExcess = e;
            }
        }
        for (int k = 0; Double.isNaN(high) && k < MAX_BRACKET; k++) {
            double s = 2.0 * low;
            double e = line.excess(objective, sign * s, value);
            if (e < 0.0) {
                low = s;
                lowExcess = e;
            } else {
                high = s;
                highExcess = e;
            }
        }
        if (!Double.isNaN(high)) {
            int side = 0;
            for (int k = 0; k < MAX_REFINE && high - low > 1e-12 * high; k++) {
                double s = (low * highExcess - high * lowExcess) / (highExcess - lowExcess);
                if (!(s > low && s < high)) {
                    s = 0.5 * (low + high);
                }
                double e = line.excess(objective, sign * s, value);
                if (e < 0.0) {
                    low = s;
                    lowExcess = e;
                    if (side == -1) {
                        highExcess *= 0.5;
                    }
                    side = -1;
                } else {
                    high = s;
                    highExcess = e;
                    if (side == 1) {
                        lowExcess *= 0.5;
                    }
                    side = 1;
                }
            }
        }
        line.set(sign * low);
        work.lastStep[c] = low;
        double moved = objective.value(u);
        if (moved > value) {
            // the excess was negative at this s, so J cannot have increased unless J is not deterministic
            line.reset();
            return value;
        }
        return moved;
    }

    /** Coordinate c as a one-parameter motion of u. */
    private Line line(double[] u, int c, Work work) {
        int coordinate = 0;
        for (StiefelBlock b : blocks) {
            int pairs = b.rows() * (b.rows() - 1) / 2;
            if (c < coordinate + pairs) {
                int k = c - coordinate;
                int i = 0;
                while (k >= b.rows() - 1 - i) {
                    k -= b.rows() - 1 - i;
                    i++;
                }
                return work.givens.at(u, b, i, i + 1 + k, work);
            }
            coordinate += pairs;
        }
        return work.axis.at(u, work.freeIndex[c - coordinate]);
    }

    private abstract class Line {
        /** A typical size of the coordinate, to scale the probe. */
        abstract double scale();

        /** Sets u to the point s along the line from the saved start (exactly reversible). */
        abstract void set(double s);

        abstract void reset();

        /** {@code J(u + s e) − J(u) + s²/τ}, with u restored afterwards. */
        double excess(Objective objective, double s, double value) {
            set(s);
            double moved = objective.value(uArray());
            reset();
            return moved - value + s * s / tau;
        }

        abstract double[] uArray();
    }

    private final class Axis extends Line {
        private double[] u;
        private int i;
        private double saved;

        Axis at(double[] u, int i) {
            this.u = u;
            this.i = i;
            this.saved = u[i];
            return this;
        }

        @Override
        double scale() {
            return Math.abs(saved);
        }

        @Override
        void set(double s) {
            u[i] = saved + s;
        }

        @Override
        void reset() {
            u[i] = saved;
        }

        @Override
        double[] uArray() {
            return u;
        }
    }

    private final class Givens extends Line {
        private double[] u;
        private StiefelBlock b;
        private int rowI;
        private int rowJ;
        /** The distance between adjacent entries of a row of Q (1 unless the block is transposed). */
        private int stride;
        private Work work;

        Givens at(double[] u, StiefelBlock b, int i, int j, Work work) {
            this.u = u;
            this.b = b;
            this.rowI = b.index(i, 0);
            this.rowJ = b.index(j, 0);
            this.stride = b.colStride();
            this.work = work;
            for (int k = 0; k < b.cols(); k++) {
                work.rowI[k] = u[rowI + k * stride];
                work.rowJ[k] = u[rowJ + k * stride];
            }
            return this;
        }

        @Override
        double scale() {
            return 1.0;
        }

        @Override
        void set(double theta) {
            double cos = Math.cos(theta);
            double sin = Math.sin(theta);
            for (int k = 0; k < b.cols(); k++) {
                double a = work.rowI[k];
                double c = work.rowJ[k];
                u[rowI + k * stride] = cos * a - sin * c;
                u[rowJ + k * stride] = sin * a + cos * c;
            }
        }

        @Override
        void reset() {
            for (int k = 0; k < b.cols(); k++) {
                u[rowI + k * stride] = work.rowI[k];
                u[rowJ + k * stride] = work.rowJ[k];
            }
        }

        @Override
        double[] uArray() {
            return u;
        }
    }
}
