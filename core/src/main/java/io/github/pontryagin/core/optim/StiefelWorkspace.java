package io.github.pontryagin.core.optim;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Work matrices of one {@link StiefelBlock}, allocated once per optimizer state (EJML for the QR decomposition
 * and the n × n solve of the Cayley map), so that a step allocates nothing.
 */
final class StiefelWorkspace {

    final StiefelBlock block;
    private final int n;
    private final int p;
    private final DMatrixRMaj q;
    private final DMatrixRMaj v;
    private final DMatrixRMaj projector;
    private final DMatrixRMaj projected;
    private final DMatrixRMaj generator;
    private final DMatrixRMaj lhs;
    private final DMatrixRMaj rhs;
    private final DMatrixRMaj result;
    private final DMatrixRMaj r;
    private final LinearSolverDense<DMatrixRMaj> solver;
    private final QRDecomposition<DMatrixRMaj> qr;
    final double[] small;

    StiefelWorkspace(StiefelBlock block) {
        this.block = block;
        this.n = block.rows();
        this.p = block.cols();
        q = new DMatrixRMaj(n, p);
        v = new DMatrixRMaj(n, p);
        projector = new DMatrixRMaj(n, n);
        projected = new DMatrixRMaj(n, p);
        generator = new DMatrixRMaj(n, n);
        lhs = new DMatrixRMaj(n, n);
        rhs = new DMatrixRMaj(n, p);
        result = new DMatrixRMaj(n, p);
        r = new DMatrixRMaj(p, p);
        solver = LinearSolverFactory_DDRM.lu(n);
        qr = DecompositionFactory_DDRM.qr(n, p);
        small = new double[Math.max(p * p, 1)];
    }

    /**
     * Writes {@code R_Q(V)} into {@code out[offset .. end)}.
     *
     * @param qFrom the point Q, in {@code qFrom[offset .. end)}
     * @param vFrom a tangent vector at Q, in {@code vFrom[offset .. end)}
     */
    void retract(Retraction retraction, double[] qFrom, double[] vFrom, double[] out) {
        block.gather(qFrom, q.data);
        block.gather(vFrom, v.data);
        if (retraction == Retraction.CAYLEY) {
            cayleySkew(q, v, generator);
            cayleyApply(generator, 1.0, q, result);
        } else {
            CommonOps_DDRM.add(q, v, rhs);
            orthonormalFactor(rhs, result);
        }
        block.scatter(result.data, out);
    }

    /** {@code W = (I − QQᵀ/2) V Qᵀ − Q Vᵀ (I − QQᵀ/2)}, skew-symmetric, with W Q = V for tangent V. */
    private void cayleySkew(DMatrixRMaj q, DMatrixRMaj v, DMatrixRMaj w) {
        CommonOps_DDRM.multTransB(-0.5, q, q, projector);
        for (int i = 0; i < n; i++) {
            projector.add(i, i, 1.0);
        }
        CommonOps_DDRM.mult(projector, v, projected);
        CommonOps_DDRM.multTransB(projected, q, w);
        CommonOps_DDRM.multAddTransB(-1.0, q, projected, w);
    }

    /** {@code out = cay(sW) X = (I − sW/2)⁻¹ (I + sW/2) X} for a skew-symmetric W. */
    void cayleyApply(DMatrixRMaj w, double s, DMatrixRMaj x, DMatrixRMaj out) {
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                lhs.unsafe_set(i, j, (i == j ? 1.0 : 0.0) - 0.5 * s * w.unsafe_get(i, j));
            }
        }
        rhs.setTo(x);
        CommonOps_DDRM.multAdd(0.5 * s, w, x, rhs);
        if (!solver.setA(lhs)) {
            throw new IllegalStateException("the Cayley map of block " + block.name() + " met a singular matrix");
        }
        solver.solve(rhs, out);
    }

    /** The Q factor of {@code m = QR} with diag(R) ≥ 0, written to {@code out} ({@code m} is overwritten). */
    private void orthonormalFactor(DMatrixRMaj m, DMatrixRMaj out) {
        if (!qr.decompose(m)) {
            throw new IllegalStateException("QR decomposition failed for block " + block.name());
        }
        qr.getQ(out, true);
        qr.getR(r, true);
        for (int j = 0; j < p; j++) {
            if (r.unsafe_get(j, j) < 0.0) {
                for (int i = 0; i < n; i++) {
                    out.unsafe_set(i, j, -out.unsafe_get(i, j));
                }
            }
        }
    }

    /**
     * The nearest point of V_{n,p} in the Frobenius norm, the polar factor {@code U Vᵀ} of the thin SVD
     * {@code M = U Σ Vᵀ} (Higham 2008, Theorem 8.4), written back in place. Allocates (used once, at the start).
     */
    void projectToManifold(double[] u) {
        DMatrixRMaj m = new DMatrixRMaj(n, p);
        block.gather(u, m.data);
        SingularValueDecomposition_F64<DMatrixRMaj> svd = DecompositionFactory_DDRM.svd(n, p, true, true, true);
        if (!svd.decompose(m)) {
            throw new IllegalStateException("SVD failed for block " + block.name());
        }
        DMatrixRMaj left = svd.getU(null, false);
        DMatrixRMaj right = svd.getV(null, false);
        DMatrixRMaj polar = new DMatrixRMaj(n, p);
        CommonOps_DDRM.multTransB(left, right, polar);
        block.scatter(polar.data, u);
    }

    DMatrixRMaj q() {
        return q;
    }

    DMatrixRMaj generator() {
        return generator;
    }

    DMatrixRMaj result() {
        return result;
    }

    int rows() {
        return n;
    }

    int cols() {
        return p;
    }
}
