package io.github.pontryagin.core.optim;

import java.util.List;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The second-order MEC learning flow on Stiefel manifolds (Celledoni and Fiori 2004, "Neural learning by
 * geometric integration of reduced 'rigid-body' equations"; docs/theory.md §3): for each constrained block U,
 * with a skew-symmetric n × n velocity B,
 * <pre>
 *   Ḃ = (F + P)Uᵀ − U(F + P)ᵀ,   U̇ = B U,   P = −γ B U,   F = −∂J/∂U,
 * </pre>
 * which dissipates {@code H = ¼‖B‖²_F + J(U)} at the rate {@code dH/dt = −γ‖BU‖²_F ≤ 0}. Integrated by Lie–Euler
 * with the Cayley map, kick then drift:
 * {@code B ← B + h[(F+P)Uᵀ − U(F+P)ᵀ];  U ← cay(hB) U}, so that B stays skew and U stays on V_{n,p} to
 * round-off. Entries outside the blocks follow the Euclidean counterpart, conformal symplectic Euler
 * {@code p ← e^{−γh}p − h∇J;  u ← u + h p} ({@link ConformalSymplecticEuler} with m = 1).
 *
 * <p>The velocities B live in the state and in its {@link OptimizerState#snapshot() snapshot}: a resumed run
 * continues bit-identically.
 *
 * @param h       time step h &gt; 0
 * @param damping γ ≥ 0
 * @param blocks  the constrained blocks (disjoint; none: the whole vector follows conformal symplectic Euler)
 */
public record MecLearning(double h, double damping, List<StiefelBlock> blocks) implements Optimizer {

    public MecLearning {
        Checks.positive("h", h);
        Checks.nonNegative("damping", damping);
        blocks = List.copyOf(Checks.notNull("blocks", blocks));
        if (!blocks.isEmpty()) {
            StiefelConstraints.requireDisjoint(blocks);
        }
    }

    private static final class BlockWork {
        final StiefelWorkspace workspace;
        final DMatrixRMaj velocity;
        final DMatrixRMaj u;
        final DMatrixRMaj force;
        final DMatrixRMaj bu;
        final DMatrixRMaj outer;

        BlockWork(StiefelBlock block) {
            workspace = new StiefelWorkspace(block);
            int n = block.rows();
            int p = block.cols();
            velocity = new DMatrixRMaj(n, n);
            u = new DMatrixRMaj(n, p);
            force = new DMatrixRMaj(n, p);
            bu = new DMatrixRMaj(n, p);
            outer = new DMatrixRMaj(n, n);
        }
    }

    private static final class Work implements ResumableState {
        final BlockWork[] blocks;
        final boolean[] inBlock;

        Work(int dimension, List<StiefelBlock> list) {
            blocks = new BlockWork[list.size()];
            inBlock = new boolean[dimension];
            for (int b = 0; b < blocks.length; b++) {
                StiefelBlock block = list.get(b);
                if (block.end() > dimension) {
                    throw new IllegalArgumentException("orthogonal block " + block.name() + " ends at " + block.end()
                            + " but the parameter vector has length " + dimension);
                }
                blocks[b] = new BlockWork(block);
                for (int i = block.offset(); i < block.end(); i++) {
                    inBlock[i] = true;
                }
            }
        }

        /** The velocities B of the blocks, one after the other. */
        @Override
        public double[] save() {
            double[] out = new double[length()];
            int at = 0;
            for (BlockWork w : blocks) {
                System.arraycopy(w.velocity.data, 0, out, at, w.velocity.data.length);
                at += w.velocity.data.length;
            }
            return out;
        }

        @Override
        public void load(double[] saved) {
            ResumableState.requireLength("MEC learning (velocities B)", saved, length());
            int at = 0;
            for (BlockWork w : blocks) {
                System.arraycopy(saved, at, w.velocity.data, 0, w.velocity.data.length);
                at += w.velocity.data.length;
            }
        }

        private int length() {
            int length = 0;
            for (BlockWork w : blocks) {
                length += w.velocity.data.length;
            }
            return length;
        }
    }

    /** The same flow on the given blocks (what {@link Optimizer#onStiefel} means for MEC learning). */
    @Override
    public Optimizer onStiefel(List<StiefelBlock> constrained, Retraction retraction) {
        return new MecLearning(h, damping, constrained);
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = new OptimizerState(dimension, true, false, false, false, false);
        state.attach(this, new Work(dimension, blocks));
        return state;
    }

    private Work work(OptimizerState state) {
        if (!(state.attachment(this) instanceof Work work)) {
            throw new IllegalArgumentException("the optimizer state was not created by this MEC optimizer's newState");
        }
        return work;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        Checks.sameLength(u, state);
        Work work = work(state);
        double[] g = state.gradient;
        double[] p = state.momentum;
        double value = objective.valueAndGradient(u, g);
        double contraction = Math.exp(-damping * h);
        for (int i = 0; i < u.length; i++) {
            if (!work.inBlock[i]) {
                p[i] = contraction * p[i] - h * g[i];
                u[i] += h * p[i];
            }
        }
        for (BlockWork w : work.blocks) {
            StiefelBlock block = w.workspace.block;
            int size = block.size();
            block.gather(u, w.u.data);
            CommonOps_DDRM.mult(w.velocity, w.u, w.bu);
            block.gather(g, w.force.data);
            for (int e = 0; e < size; e++) {
                w.force.data[e] = -w.force.data[e] - damping * w.bu.data[e];
            }
            // B += h (X Uᵀ − U Xᵀ), X = F + P, written entry by entry above the diagonal and mirrored, so that B
            // stays exactly skew (a symmetric round-off part would never be damped and would tilt U off V_{n,p})
            CommonOps_DDRM.multTransB(w.force, w.u, w.outer);
            int n = block.rows();
            double[] b = w.velocity.data;
            double[] m = w.outer.data;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    double updated = b[i * n + j] + h * (m[i * n + j] - m[j * n + i]);
                    b[i * n + j] = updated;
                    b[j * n + i] = -updated;
                }
            }
            w.workspace.cayleyApply(w.velocity, h, w.u, w.bu);
            block.scatter(w.bu.data, u);
        }
        state.iteration++;
        state.lastValue = value;
        return value;
    }

    /**
     * @param state a state of this optimizer
     * @return the kinetic energy {@code Σ_blocks ¼‖B‖²_F + ½‖p‖²} of the flow (p: momentum of the free entries)
     */
    public double kineticEnergy(OptimizerState state) {
        Work work = work(state);
        double energy = 0.0;
        for (BlockWork w : work.blocks) {
            double s = 0.0;
            for (double b : w.velocity.data) {
                s += b * b;
            }
            energy += 0.25 * s;
        }
        double[] p = state.momentum;
        for (int i = 0; i < p.length; i++) {
            if (!work.inBlock[i]) {
                energy += 0.5 * p[i] * p[i];
            }
        }
        return energy;
    }

    /**
     * @param state a state of this optimizer
     * @param block index of the block in {@link #blocks()}
     * @return the velocity B of the block (live n × n matrix, row-major)
     */
    public double[] velocity(OptimizerState state, int block) {
        return work(state).blocks[block].velocity.data;
    }
}
