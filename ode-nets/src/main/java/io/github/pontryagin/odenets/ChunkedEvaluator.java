package io.github.pontryagin.odenets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.pontryagin.adjoint.Adjoint;
import io.github.pontryagin.adjoint.DiscreteFlow;
import io.github.pontryagin.adjoint.FlowGradient;
import io.github.pontryagin.adjoint.ForwardPass;
import io.github.pontryagin.adjoint.GradientPass;
import io.github.pontryagin.core.kernel.DenseKernels;
import io.github.pontryagin.core.optim.SliceRunner;
import io.github.pontryagin.odenets.head.Head;

/**
 * Evaluates an ODE-net on a batch split into fixed chunks of {@link ExecutionOptions#chunkSize()} points
 * (independent of the thread count): each chunk lifts its points, runs the flow, applies the head and, when
 * asked, the adjoint. A chunk runs the flow through its own {@link GradientPass} when a gradient is wanted and
 * through its own tape-less {@link ForwardPass} otherwise (losses at trial points, probabilities); both give the
 * same {@code y_N} bits, so a loss does not depend on whether its gradient was asked for. Each chunk creates a
 * pass on first use and keeps it; a batch larger than a few chunks per thread evaluated without gradient (the
 * probabilities and losses of evaluations) runs window by window on one set of chunks moved along the batch, with
 * the same chunk boundaries. Chunk losses and gradients are summed in chunk order, so the results are
 * bit-identical for any number of threads. Owns the workers and every workspace; not safe for concurrent calls.
 */
final class ChunkedEvaluator implements AutoCloseable {

    /** Chunks per thread in a window of a large batch evaluated without gradient ({@link #windowPoints}). */
    private static final int WINDOW_CHUNKS_PER_THREAD = 4;

    private final DiscreteFlow flow;
    private final Adjoint adjoint;
    private final Head head;
    private final Lift lift;
    private final Parameters layout;
    private final ExecutionOptions options;
    private final double[] fixedStepSizes;
    private final double[] theta;
    private final double[] h;
    /** The width d the head reads: the first {@code d·M} entries of the layer state (all of it but for momentum layers). */
    private final int width;
    /** The chunks of the evaluation in progress, which the tasks below read: the first {@link #chunkCount}. */
    private List<Chunk> chunks = List.of();
    private int chunkCount;
    /** The chunks of a whole batch (the gradient path, and small batches), kept for the next batch of its size. */
    private List<Chunk> batchChunks = List.of();
    private int chunkBatch = -1;
    /** The full chunks of a window of a large batch without gradient, moved from window to window. */
    private final List<Chunk> window = new ArrayList<>();
    /** The short last chunk of such a batch (kept for the next batch with the same remainder), or null. */
    private Chunk windowTail;
    /** The chunks of the window in progress: entries of {@link #window}, then possibly {@link #windowTail}. */
    private final List<Chunk> windowChunks = new ArrayList<>();
    private ChunkPool pool;
    // Arguments of the evaluation in progress, read by the two chunk tasks below; the tasks are built once,
    // so a call allocates nothing (no capturing lambdas, no futures).
    private double[] callU;
    private double[] callX;
    /** The sparse batch of the evaluation in progress (then {@link #callX} is null), or null. */
    private SparseBatch callRows;
    private int[] callLabels;
    /**
     * Whether the caller of the evaluation in progress has run {@link #allFinite(double[], boolean) allFinite(u,
     * true)}: its parameters are finite and the flow's are already copied into {@link #theta}.
     */
    private boolean callChecked;
    private int callM;
    private boolean callGradient;
    private double callScale;
    private final ChunkPool.Task evaluateTask =
            i -> chunks.get(i).evaluate(callU, callX, callLabels, callM, callScale, callGradient);
    /** The class probabilities of the evaluation in progress ({@code classes × callM}), or null. */
    private double[] callOut;
    /** Chunk i's forward pass and its points' probabilities (each chunk writes only its own points' columns). */
    private final ChunkPool.Task probabilityTask = i -> chunks.get(i).probabilities(callU, callX, callM, callOut);
    /** Chunk i's value-only evaluation (forward pass and loss) and its points' probabilities, in one pass. */
    private final ChunkPool.Task lossAndProbabilityTask = i -> chunks.get(i).lossAndProbabilities(callU, callX,
            callLabels, callM, callScale, callOut);
    private double[] callGradOut;
    /** Slice i of {@link #slices()} of the gradient sum. */
    private final ChunkPool.Task sumTask = i -> {
        int n = callGradOut.length;
        int slices = slices();
        sumGradients(callGradOut, (int) ((long) n * i / slices), (int) ((long) n * (i + 1) / slices));
    };
    /** The chunks' lift gradients of the batch in progress, when one of them kept its own ({@link #liftSumTask}). */
    private final Lift.GradientSum liftSum = new Lift.GradientSum();
    /** Slice i's groups of four input coordinates: {@code quadCut[i] .. quadCut[i+1]}. */
    private int[] quadCut = new int[0];
    /**
     * Slice i of {@link #slices()} of the gradient sum when chunks kept their lift gradients: its share of the
     * entries outside the lift block, summed as {@link #sumTask} does, and its groups of input coordinates of the
     * lift block, each chunk's gradient computed and added there (one write per entry instead of a block per chunk
     * written, read and summed).
     */
    private final ChunkPool.Task liftSumTask = this::sumWithLift;

    /** See {@link #liftSumTask}; the lift block is the last of the parameters (checked by the constructor). */
    private void sumWithLift(int i) {
        int slices = slices();
        int n = layout.lift().offset();
        sumGradients(callGradOut, (int) ((long) n * i / slices), (int) ((long) n * (i + 1) / slices));
        lift.addGradientSum(liftSum, quadCut[i], quadCut[i + 1], callGradOut);
    }

    // the vector of allFinite in progress, whether its slices also copy the flow's parameters into theta, and
    // whether a slice of it found a non-finite entry
    private double[] callFiniteU;
    private boolean callCopyTheta;
    private boolean nonFiniteSeen;
    private final SliceRunner.Slice finiteSlice = this::checkSlice;

    /**
     * A slice of {@link #allFinite}: the check, then (if asked and u is finite) the slice's share of theta copied,
     * the same fraction of theta's block as the slice is of u (the parameters' blocks are not spread evenly over
     * the vector: the flow's would otherwise fall to one slice).
     */
    private void checkSlice(int from, int to) {
        double[] u = callFiniteU;
        if (!DenseKernels.allFinite(u, from, to - from)) {
            nonFiniteSeen = true;
            return;
        }
        if (callCopyTheta) {
            int n = u.length;
            int lo = (int) ((long) theta.length * from / n);
            int hi = (int) ((long) theta.length * to / n);
            System.arraycopy(u, layout.theta().offset() + lo, theta, lo, hi - lo);
        }
    }

    // the pass and the cut of the slices in progress of runSlices, read by the slice task built once below
    private SliceRunner.Slice callSlice;
    private int callLength;
    private int callSlices;
    private final ChunkPool.Task sliceTask = i -> callSlice.run((int) ((long) callLength * i / callSlices),
            (int) ((long) callLength * (i + 1) / callSlices));

    ChunkedEvaluator(DiscreteFlow flow, Adjoint adjoint, Head head, Lift lift, Parameters layout,
                     ExecutionOptions options, double[] fixedStepSizes) {
        this.flow = flow;
        this.adjoint = adjoint;
        this.head = head;
        this.lift = lift;
        this.layout = layout;
        this.options = options;
        this.fixedStepSizes = fixedStepSizes;
        this.theta = new double[layout.theta().size()];
        this.h = new double[flow.layers()];
        this.width = layout.headWeights().rows();
        if (layout.lift().offset() + layout.lift().size() != layout.size()) {
            // sumWithLift sums the entries before the lift block and computes the kept lift gradients after them
            throw new IllegalStateException("the lift block must be the last of the parameters");
        }
    }

    /** The step sizes encoded in {@code u} (or the fixed ones), into {@code out}. */
    double[] stepSizes(double[] u, double[] out) {
        Parameters.Block steps = layout.stepSizes();
        System.arraycopy(steps.isEmpty() ? fixedStepSizes : u, steps.isEmpty() ? 0 : steps.offset(), out, 0,
                out.length);
        return out;
    }

    /**
     * The sum over the batch of the per-point losses, and the gradient of that sum scaled by 1/scaleCount
     * summed into a zeroed {@code gradOut} (when not null).
     */
    double lossSum(double[] u, double[] x, int[] labels, int m, int scaleCount, double[] gradOut) {
        return lossSum(u, x, null, labels, m, scaleCount, gradOut);
    }

    /**
     * {@link #lossSum(double[], double[], int[], int, int, double[])} of {@code x}, or (x null) of a sparse batch.
     */
    double lossSum(double[] u, double[] x, SparseBatch batch, int[] labels, int m, int scaleCount,
                   double[] gradOut) {
        return lossSum(u, x, batch, labels, m, scaleCount, gradOut, false);
    }

    /**
     * {@link #lossSum(double[], double[], SparseBatch, int[], int, int, double[])}; {@code uChecked}: the caller has
     * just run {@link #allFinite(double[], boolean) allFinite(u, true)}, which found every entry of u finite and
     * copied the flow's parameters, so the chunks' passes need not scan theta again, nor this call copy it.
     */
    double lossSum(double[] u, double[] x, SparseBatch batch, int[] labels, int m, int scaleCount,
                   double[] gradOut, boolean uChecked) {
        callRows = batch;
        callChecked = uChecked;
        try {
            return lossSumOf(u, x, labels, m, scaleCount, gradOut);
        } finally {
            callRows = null;
            callChecked = false;
        }
    }

    private double lossSumOf(double[] u, double[] x, int[] labels, int m, int scaleCount, double[] gradOut) {
        if (gradOut == null) {
            return valueLossSum(evaluateTask, u, x, labels, m, scaleCount);
        }
        prepare(u, m);
        double loss = evaluateChunks(evaluateTask, 0, u, x, labels, m, scaleCount, true);
        callGradOut = gradOut;
        try {
            // every entry is 0 + g_0 + g_1 + … in chunk order whoever adds it: slices of the entries in parallel
            runTasks(prepareLiftSum() ? liftSumTask : sumTask, slices());
        } finally {
            callGradOut = null;
        }
        return loss;
    }

    /**
     * The value-only loss sum of the batch by a chunk task that evaluates its chunk without gradient: the batch's
     * chunks, or for a large batch window by window (the same chunks, their losses added in chunk order).
     */
    private double valueLossSum(ChunkPool.Task task, double[] u, double[] x, int[] labels, int m, int scaleCount) {
        if (!windowed(m)) {
            prepare(u, m);
            return evaluateChunks(task, 0, u, x, labels, m, scaleCount, false);
        }
        copyParameters(u);
        double loss = 0;
        for (int from = 0; from < m; from += windowPoints()) {
            prepareWindow(from, Math.min(windowPoints(), m - from));
            loss = evaluateChunks(task, loss, u, x, labels, m, scaleCount, false);
        }
        return loss;
    }

    /**
     * The value-only loss sum of {@link #lossSum} (the same chunks and windows, so the same bits) and, from the same
     * forward passes, the class probabilities {@code out[c·m + k]} of {@link #probabilities} (the same bits too): an
     * evaluation's loss and accuracy for the cost of one of them. x feature-major, or (x null) the sparse batch;
     * {@code uChecked} as for {@link #lossSum(double[], double[], SparseBatch, int[], int, int, double[], boolean)}.
     */
    double lossAndProbabilities(double[] u, double[] x, SparseBatch batch, int[] labels, int m, int scaleCount,
                                double[] out, boolean uChecked) {
        callRows = batch;
        callOut = out;
        callChecked = uChecked;
        try {
            return valueLossSum(lossAndProbabilityTask, u, x, labels, m, scaleCount);
        } finally {
            callRows = null;
            callOut = null;
            callChecked = false;
        }
    }

    /** Evaluates the current chunks by a chunk task and returns {@code loss} plus their losses, in chunk order. */
    private double evaluateChunks(ChunkPool.Task task, double loss, double[] u, double[] x, int[] labels, int m,
                                  int scaleCount, boolean withGradient) {
        callLabels = labels;
        callScale = 1.0 / scaleCount;
        callGradient = withGradient;
        run(task, u, x, m);
        for (int c = 0; c < chunkCount; c++) { // indexed: no iterator per call
            loss += chunks.get(c).loss;
        }
        return loss;
    }

    /**
     * Whether a chunk kept its lift gradient (a chunk of the sparse products); if so, {@link #liftSum} lists every
     * chunk's and {@link #quadCut} splits the lift's coordinates into slices of about equal work.
     */
    private boolean prepareLiftSum() {
        boolean kept = false;
        for (int c = 0; c < chunkCount; c++) {
            kept |= chunks.get(c).liftKept;
        }
        if (!kept) {
            return false;
        }
        liftSum.reset(chunkCount);
        for (int c = 0; c < chunkCount; c++) {
            Chunk chunk = chunks.get(c);
            if (chunk.liftKept) {
                liftSum.keep(c, chunk.liftSpace);
            } else {
                liftSum.dense(c, chunk.gradient);
            }
        }
        int slices = slices();
        if (quadCut.length < slices + 1) {
            quadCut = new int[slices + 1];
        }
        int quads = lift.quads();
        long total = 0;
        for (int q = 0; q < quads; q++) {
            total += lift.quadWork(liftSum, q);
        }
        // slice i ends at the first group at which the work so far reaches (i + 1) / slices of the total
        long done = 0;
        int slice = 0;
        quadCut[0] = 0;
        for (int q = 0; q < quads && slice + 1 < slices; q++) {
            done += lift.quadWork(liftSum, q);
            while (slice + 1 < slices && done * slices >= total * (slice + 1)) {
                quadCut[++slice] = q + 1;
            }
        }
        while (slice < slices) {
            quadCut[++slice] = quads;
        }
        return true;
    }

    /**
     * Entries {@code from .. to} of the gradient: the chunks' gradients added in chunk order to 0, two chunks per
     * pass ({@code (0 + g_0) + g_1}, then {@code + g_2 + g_3}, …: the same sums as one chunk at a time).
     */
    private void sumGradients(double[] gradOut, int from, int to) {
        int n = chunkCount;
        double[] g0 = chunks.get(0).gradient;
        if (n == 1) {
            for (int i = from; i < to; i++) {
                gradOut[i] = 0.0 + g0[i];
            }
            return;
        }
        double[] g1 = chunks.get(1).gradient;
        for (int i = from; i < to; i++) {
            gradOut[i] = (0.0 + g0[i]) + g1[i];
        }
        int c = 2;
        for (; c + 1 < n; c += 2) {
            double[] a = chunks.get(c).gradient;
            double[] b = chunks.get(c + 1).gradient;
            for (int i = from; i < to; i++) {
                gradOut[i] = (gradOut[i] + a[i]) + b[i];
            }
        }
        if (c < n) {
            double[] a = chunks.get(c).gradient;
            for (int i = from; i < to; i++) {
                gradOut[i] += a[i];
            }
        }
    }

    /** Class probabilities {@code out[c*m + k]} of a sparse batch at {@code u}. */
    double[] probabilities(double[] u, SparseBatch batch) {
        callRows = batch;
        try {
            return probabilities(u, null, batch.size());
        } finally {
            callRows = null;
        }
    }

    /** Class probabilities {@code out[c*m + k]} at {@code u}. */
    double[] probabilities(double[] u, double[] x, int m) {
        double[] out = new double[head.classes() * m];
        if (!windowed(m)) {
            prepare(u, m);
            forwardInto(out, u, x, m);
            return out;
        }
        copyParameters(u);
        for (int from = 0; from < m; from += windowPoints()) {
            prepareWindow(from, Math.min(windowPoints(), m - from));
            forwardInto(out, u, x, m);
        }
        return out;
    }

    /**
     * Runs the current chunks' forward passes and writes their points' probabilities into {@code out}, the head
     * of each chunk on the thread that ran its forward pass.
     */
    private void forwardInto(double[] out, double[] u, double[] x, int m) {
        callOut = out;
        try {
            run(probabilityTask, u, x, m);
        } finally {
            callOut = null;
        }
    }

    /**
     * Points per window of a large batch evaluated without gradient: a few chunks per thread, so that the threads
     * stay balanced while the chunks' workspaces (a forward pass each) are allocated once, not once per chunk of
     * the batch (for MNIST's 54 000 training images, 1 080 chunks and half a gigabyte of short-lived arrays).
     */
    private int windowPoints() {
        return WINDOW_CHUNKS_PER_THREAD * options.threads() * options.chunkSize();
    }

    private boolean windowed(int m) {
        return m > windowPoints();
    }

    /**
     * Makes the chunks of the points {@code from .. from+n} of the batch current: full chunks from {@link #window},
     * a short last one from {@link #windowTail} ({@code from} a multiple of the chunk size). Allocates only the
     * first time a window needs more chunks, or a tail of another size.
     */
    private void prepareWindow(int from, int n) {
        int size = options.chunkSize();
        int full = n / size;
        windowChunks.clear();
        for (int c = 0; c < full; c++) {
            if (c == window.size()) {
                window.add(new Chunk(from + c * size, size));
            }
            Chunk chunk = window.get(c);
            chunk.start = from + c * size;
            windowChunks.add(chunk);
        }
        int rest = n - full * size;
        if (rest > 0) {
            if (windowTail == null || windowTail.size != rest) {
                windowTail = new Chunk(from + full * size, rest);
            }
            windowTail.start = from + full * size;
            windowChunks.add(windowTail);
        }
        chunks = windowChunks;
        chunkCount = windowChunks.size();
    }

    /**
     * The states y_0 … y_N of every layer for the batch (allocates; for plots): the whole layer state, for a
     * multistep update the positions first (the first {@code width·m} entries) and the second block after them.
     */
    double[][] layerStates(double[] u, double[] x, int m) {
        double[] y0 = new double[flow.dimension() * m];
        lift.apply(u, x, m, 0, m, y0, lift.newWorkspace());
        flow.update().completeInitialState(y0, width * m);
        copyParameters(u);
        return flow.states(theta, h, y0, m);
    }

    /** The flow's parameters and step sizes from u (theta not again when the check has copied it: callChecked). */
    private void copyParameters(double[] u) {
        if (!callChecked) {
            System.arraycopy(u, layout.theta().offset(), theta, 0, theta.length);
        }
        stepSizes(u, h);
    }

    private void prepare(double[] u, int m) {
        copyParameters(u);
        if (chunkBatch != m) {
            List<Chunk> list = new ArrayList<>();
            for (int start = 0; start < m; start += options.chunkSize()) {
                int size = Math.min(options.chunkSize(), m - start);
                list.add(new Chunk(start, size));
            }
            batchChunks = list;
            chunkBatch = m;
        }
        chunks = batchChunks;
        chunkCount = batchChunks.size();
    }

    /** Slices of the gradient summed in parallel: one per thread (one without workers). */
    private int slices() {
        return options.threads() <= 1 || chunkCount == 1 ? 1 : options.threads();
    }

    /** Runs a chunk task on every chunk with the evaluation's arguments in place for it. */
    private void run(ChunkPool.Task task, double[] u, double[] x, int m) {
        callU = u;
        callX = x;
        callM = m;
        try {
            runTasks(task, chunkCount);
        } finally {
            callU = null;
            callX = null;
            callLabels = null;
        }
    }

    /**
     * Whether every entry of {@code u} is finite: the parameters' check before an evaluation, in slices on the
     * pool's threads (one read of the whole vector, a megabyte for MNIST's net, instead of one on the caller
     * alone); allocation-free.
     */
    boolean allFinite(double[] u) {
        return allFinite(u, false);
    }

    /**
     * {@link #allFinite(double[])}, and, when {@code copyTheta} and u is finite, the flow's parameters copied from u
     * in the same pass, as {@link #lossSum} with {@code uChecked} expects them.
     */
    boolean allFinite(double[] u, boolean copyTheta) {
        callFiniteU = u;
        callCopyTheta = copyTheta;
        nonFiniteSeen = false;
        try {
            runSlices(u.length, SliceRunner.VECTOR_GRAIN, finiteSlice);
        } finally {
            callFiniteU = null;
            callCopyTheta = false;
        }
        // written by the slices that found one; read after runSlices, which has waited for them all
        return !nonFiniteSeen;
    }

    /**
     * Runs {@code work} over {@code [0, n)} in one slice per thread, each of at least {@code grain} indices (see
     * {@link SliceRunner#run}), with the pool of the evaluations: between two of them its workers are idle.
     */
    void runSlices(int n, int grain, SliceRunner.Slice work) {
        int slices = Math.min(options.threads(), n / Math.max(1, grain));
        if (slices <= 1) {
            SliceRunner.SERIAL.run(n, grain, work);
            return;
        }
        callSlice = work;
        callLength = n;
        callSlices = slices;
        try {
            runTasks(sliceTask, slices);
        } finally {
            callSlice = null;
        }
    }

    /** Runs {@code task.run(i)} for {@code i < count}, on the caller alone or with the persistent pool. */
    private void runTasks(ChunkPool.Task task, int count) {
        if (options.threads() <= 1 || count == 1) {
            for (int i = 0; i < count; i++) {
                task.run(i);
            }
            return;
        }
        if (pool == null) {
            pool = new ChunkPool(options.threads() - 1, "odenet-worker");
        }
        pool.run(task, count);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.close();
            pool = null;
        }
    }

    /** One fixed slice of the batch with its own workspaces. */
    private final class Chunk {
        /** The first point of the chunk in the batch (moved from window to window for large batches). */
        int start;
        final int size;
        final double[] y0;
        final double[] pN;
        /** The chunk's inputs for the lift: gathered contiguously, or their non-zeros. */
        final Lift.Workspace liftSpace = lift.newWorkspace();
        GradientPass pass;
        ForwardPass valuePass;
        FlowGradient flowGradient;
        /** The chunk's gradient; its lift block is not written when {@link #liftKept}. */
        double[] gradient;
        /** Whether the last evaluation kept the lift's gradient in {@link #liftSpace} (the sparse products). */
        boolean liftKept;
        double[] yN;
        double loss;
        /** The chunk's class probabilities ({@code classes × size}), allocated on the first evaluation that asks. */
        double[] probabilities;

        Chunk(int start, int size) {
            this.start = start;
            this.size = size;
            this.y0 = new double[flow.dimension() * size];
            this.pN = new double[flow.dimension() * size];
        }

        void forward(double[] u, double[] x, int m, boolean withGradient) {
            if (callRows != null) {
                lift.apply(u, callRows, start, size, y0, liftSpace);
            } else {
                lift.apply(u, x, m, start, size, y0, liftSpace);
            }
            flow.update().completeInitialState(y0, width * size);
            if (withGradient) {
                if (pass == null) {
                    pass = adjoint.newPass(flow, size);
                    flowGradient = flow.newGradient(size);
                    gradient = new double[layout.size()];
                }
                // the net has checked every parameter before this evaluation (callChecked): theta is a copy of them
                yN = callChecked ? pass.forwardWithFiniteTheta(theta, h, y0) : pass.forward(theta, h, y0);
            } else {
                if (valuePass == null) {
                    valuePass = flow.newForwardPass(size);
                }
                yN = valuePass.forward(theta, h, y0);
            }
        }

        /** The forward pass, then the head's probabilities of the chunk's points into their columns of out. */
        void probabilities(double[] u, double[] x, int m, double[] out) {
            forward(u, x, m, false);
            writeProbabilities(u, m, out);
        }

        /** The value-only {@link #evaluate}, then the probabilities of its points from the same forward pass. */
        void lossAndProbabilities(double[] u, double[] x, int[] labels, int m, double scale, double[] out) {
            evaluate(u, x, labels, m, scale, false);
            writeProbabilities(u, m, out);
        }

        /** The head's probabilities of the chunk's points (after a forward pass) into their columns of out. */
        private void writeProbabilities(double[] u, int m, double[] out) {
            int classes = head.classes();
            if (probabilities == null) {
                probabilities = new double[classes * size];
            }
            head.probabilities(u, layout.headWeights().offset(), yN, width, size, probabilities);
            for (int c = 0; c < classes; c++) {
                System.arraycopy(probabilities, c * size, out, c * m + start, size);
            }
        }

        void evaluate(double[] u, double[] x, int[] labels, int m, double scale, boolean withGradient) {
            liftKept = false;
            forward(u, x, m, withGradient);
            int d = width;
            int headOffset = layout.headWeights().offset();
            if (!withGradient) {
                loss = head.lossSum(u, headOffset, yN, d, size, labels, start, scale, pN, null, 0);
                return;
            }
            // theta's block is copied whole from the flow's gradient and the lift's written whole by lift.gradient
            // below (or both by the NaN fill): only the blocks between them are accumulated into, from zero
            Parameters.Block liftBlock = layout.lift();
            Arrays.fill(gradient, layout.theta().end(), liftBlock.offset(), 0.0);
            Arrays.fill(gradient, liftBlock.offset() + liftBlock.size(), gradient.length, 0.0);
            loss = head.lossSum(u, headOffset, yN, d, size, labels, start, scale, pN, gradient, headOffset);
            if (!Double.isFinite(loss)) {
                Arrays.fill(gradient, Double.NaN);
                return;
            }
            pass.backward(theta, h, pN, flowGradient);
            System.arraycopy(flowGradient.theta, 0, gradient, layout.theta().offset(), theta.length);
            Parameters.Block steps = layout.stepSizes();
            if (!steps.isEmpty()) {
                System.arraycopy(flowGradient.h, 0, gradient, steps.offset(), steps.size());
            }
            flow.update().foldInitialCostate(flowGradient.y0, width * size);
            // a sparse chunk keeps p_0, and the sum of the chunks' gradients computes its ∂J/∂Lᵀ where it adds them
            liftKept = lift.gradient(flowGradient.y0, x, m, start, size, gradient, liftSpace);
        }
    }
}
