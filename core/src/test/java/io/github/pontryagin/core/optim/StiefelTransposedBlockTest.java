package io.github.pontryagin.core.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * A column-major ({@code transposed}) Stiefel block gives every manifold optimizer the iterates of the row-major
 * block, bit for bit, read through the permutation: Riemannian gradient descent with both retractions, MEC learning
 * and Itoh–Abe's Givens rotations.
 */
class StiefelTransposedBlockTest {

    /** Brockett's objective with Q stored column-major: u permuted to the row-major layout and back. */
    private static final class ColumnMajor implements Objective {
        final Brockett inner;
        final StiefelBlock block;

        ColumnMajor(Brockett inner) {
            this.inner = inner;
            this.block = new StiefelBlock("Q", 0, inner.n, inner.p, true);
        }

        double[] toRowMajor(double[] u) {
            double[] out = u.clone();
            block.gather(u, out);
            return out;
        }

        double[] fromRowMajor(double[] v) {
            double[] out = v.clone();
            block.scatter(v, out);
            return out;
        }

        @Override
        public double valueAndGradient(double[] u, double[] g) {
            double[] rowMajorGradient = new double[g.length];
            double value = inner.valueAndGradient(toRowMajor(u), rowMajorGradient);
            System.arraycopy(fromRowMajor(rowMajorGradient), 0, g, 0, g.length);
            return value;
        }
    }

    private static void assertSameIterates(Brockett brockett, Optimizer rowMajor, Optimizer columnMajor,
                                           ColumnMajor transposed, String name) {
        double[] u = brockett.start(5);
        double[] v = transposed.fromRowMajor(u);
        assertTrue(transposed.block.index(1, 0) == 1 && transposed.block.index(0, 1) == brockett.n,
                "column-major positions");
        OptimizerState su = rowMajor.newState(u.length);
        OptimizerState sv = columnMajor.newState(v.length);
        for (int k = 0; k < 50; k++) {
            rowMajor.step(brockett, u, su);
            columnMajor.step(transposed, v, sv);
        }
        double[] back = transposed.toRowMajor(v);
        for (int e = 0; e < u.length; e++) {
            assertEquals(Double.doubleToRawLongBits(u[e]), Double.doubleToRawLongBits(back[e]), name + ", entry " + e);
        }
        assertTrue(transposed.block.orthonormalityError(v) <= 1e-12, name + ": ‖QᵀQ − I‖ = "
                + transposed.block.orthonormalityError(v));
        assertEquals(brockett.block.orthonormalityError(u), transposed.block.orthonormalityError(v), 1e-15, name);
    }

    @Test
    void everyManifoldOptimizerGivesTheRowMajorIterates() {
        Brockett brockett = new Brockett(5, 3, 2, 31);
        ColumnMajor transposed = new ColumnMajor(brockett);
        for (Retraction retraction : Retraction.values()) {
            assertSameIterates(brockett,
                    Optimizers.gradientDescent(0.02).onStiefel(List.of(brockett.block), retraction),
                    Optimizers.gradientDescent(0.02).onStiefel(List.of(transposed.block), retraction),
                    transposed, "gradient descent, " + retraction);
        }
        assertSameIterates(brockett, new MecLearning(0.02, 2.0, List.of(brockett.block)),
                new MecLearning(0.02, 2.0, List.of(transposed.block)), transposed, "MEC");
        assertSameIterates(brockett, Optimizers.itohAbe(1.0, 4).onStiefel(List.of(brockett.block), Retraction.CAYLEY),
                Optimizers.itohAbe(1.0, 4).onStiefel(List.of(transposed.block), Retraction.CAYLEY), transposed,
                "Itoh–Abe");
    }
}
