package io.github.pontryagin.core.optim;

import java.util.List;

/**
 * An optimizer whose named blocks live on Stiefel manifolds (docs/theory.md §3; Absil, Mahony and Sepulchre
 * 2008, §4.2): the inner optimizer sees the Riemannian gradient {@code G − Q sym(QᵀG)} on every block, and its
 * displacement {@code V} on a block, projected onto the tangent space at the old point Q, is mapped back to the
 * manifold by the {@link Retraction}: {@code Q ← R_Q(P_Q V)}. Entries outside the blocks are updated as the inner
 * optimizer says.
 *
 * <p>With {@link GradientDescent} inside this is Riemannian gradient descent {@code Q ← R_Q(−τ grad J(Q))}.
 * With a momentum method (heavy ball, Nesterov, the conformal schemes, Adam's first moment, the time-varying
 * momentum) the momentum of every block is carried to the new point by the projection transport
 * {@code 𝒯(V) = P_{Q_new} V} (Absil, Mahony and Sepulchre 2008, §8.1.3), so it stays in the tangent space,
 * {@code Q_newᵀV + VᵀQ_new = 0} to round-off, step after step.
 */
final class StiefelOptimizer implements Optimizer {

    private final Optimizer inner;
    private final List<StiefelBlock> blocks;
    private final Retraction retraction;

    StiefelOptimizer(Optimizer inner, List<StiefelBlock> blocks, Retraction retraction) {
        this.inner = Checks.notNull("optimizer", inner);
        this.blocks = List.copyOf(Checks.notNull("blocks", blocks));
        this.retraction = Checks.notNull("retraction", retraction);
        StiefelConstraints.requireDisjoint(this.blocks);
    }

    private static final class Work {
        final double[] start;
        final StiefelWorkspace[] workspaces;
        final TangentObjective objective;

        Work(int dimension, List<StiefelBlock> blocks) {
            start = new double[dimension];
            workspaces = new StiefelWorkspace[blocks.size()];
            for (int b = 0; b < workspaces.length; b++) {
                StiefelBlock block = blocks.get(b);
                if (block.end() > dimension) {
                    throw new IllegalArgumentException("orthogonal block " + block.name() + " ends at " + block.end()
                            + " but the parameter vector has length " + dimension);
                }
                workspaces[b] = new StiefelWorkspace(block);
            }
            objective = new TangentObjective(workspaces);
        }
    }

    /** The objective with its gradient projected to the tangent spaces of the blocks. */
    private static final class TangentObjective implements Objective {
        private final StiefelWorkspace[] workspaces;
        Objective target;

        TangentObjective(StiefelWorkspace[] workspaces) {
            this.workspaces = workspaces;
        }

        @Override
        public double valueAndGradient(double[] u, double[] gradOut) {
            double value = target.valueAndGradient(u, gradOut);
            for (StiefelWorkspace w : workspaces) {
                w.block.projectToTangent(u, gradOut, w.small);
            }
            return value;
        }

        @Override
        public double value(double[] u) {
            return target.value(u);
        }

        /** The wrapped objective's threads: the projection changes the gradient, not who may update u. */
        @Override
        public SliceRunner sliceRunner() {
            return target.sliceRunner();
        }
    }

    @Override
    public OptimizerState newState(int dimension) {
        OptimizerState state = inner.newState(dimension);
        state.attach(this, new Work(dimension, blocks));
        return state;
    }

    @Override
    public double step(Objective objective, double[] u, OptimizerState state) {
        if (!(state.attachment(this) instanceof Work work)) {
            throw new IllegalArgumentException("the optimizer state was not created by this Stiefel optimizer's newState");
        }
        System.arraycopy(u, 0, work.start, 0, u.length);
        work.objective.target = objective;
        double value = inner.step(work.objective, u, state);
        work.objective.target = null;
        for (StiefelWorkspace w : work.workspaces) {
            StiefelBlock block = w.block;
            for (int i = block.offset(); i < block.end(); i++) {
                u[i] -= work.start[i];
            }
            block.projectToTangent(work.start, u, w.small);
            w.retract(retraction, work.start, u, u);
            if (state.momentum.length == u.length) {
                block.projectToTangent(u, state.momentum, w.small);
            }
        }
        return value;
    }

    @Override
    public String toString() {
        return inner + " on the Stiefel manifold of " + blocks.size() + " block(s), " + retraction + " retraction";
    }
}
