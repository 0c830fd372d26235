package io.github.pontryagin.core.optim;

/**
 * A {@code rows × cols} block of the parameter vector, stored row-major from {@code offset} (or, when
 * {@code transposed}, column-major: the block holds {@code Qᵀ} row-major), constrained to the Stiefel manifold
 * {@code V_{n,p} = {Q ∈ R^{n×p} : QᵀQ = I_p}} (n = rows, p = cols). The tangent space at Q is
 * {@code {V : VᵀQ skew-symmetric}} (Celledoni and Owren 2003, "On the implementation of Lie group methods on the
 * Stiefel manifold"; docs/theory.md §3).
 *
 * @param name       block name, for messages (e.g. {@code "K of layer 3"})
 * @param offset     first index of the block in the parameter vector, ≥ 0
 * @param rows       n ≥ 1
 * @param cols       p, 1 ≤ p ≤ n (a matrix with more columns than rows cannot have orthonormal columns)
 * @param transposed whether {@code Q_ia} is at {@code offset + a·rows + i} (column-major) instead of
 *                   {@code offset + i·cols + a}
 */
public record StiefelBlock(String name, int offset, int rows, int cols, boolean transposed) {

    /** A row-major block. */
    public StiefelBlock(String name, int offset, int rows, int cols) {
        this(name, offset, rows, cols, false);
    }

    /** @throws IllegalArgumentException naming the block and its shape if it cannot be orthonormal */
    public StiefelBlock {
        Checks.notNull("name", name);
        if (offset < 0) {
            throw new IllegalArgumentException("orthogonal block " + name + ": offset must be >= 0, got " + offset);
        }
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("orthogonal block " + name + " has shape " + rows + " × " + cols
                    + "; both dimensions must be >= 1");
        }
        if (cols > rows) {
            throw new IllegalArgumentException("orthogonal block " + name + " has shape " + rows + " × " + cols
                    + ": QᵀQ = I needs cols <= rows (p <= n on the Stiefel manifold V_{n,p})");
        }
    }

    /** @return number of entries n·p */
    public int size() {
        return rows * cols;
    }

    /** @return first index after the block */
    public int end() {
        return offset + size();
    }

    /** @return the position of {@code Q_ia} in the parameter vector */
    public int index(int i, int a) {
        return offset + i * rowStride() + a * colStride();
    }

    /** The distance in the parameter vector between {@code Q_ia} and {@code Q_(i+1)a}. */
    int rowStride() {
        return transposed ? 1 : cols;
    }

    /** The distance in the parameter vector between {@code Q_ia} and {@code Q_i(a+1)}. */
    int colStride() {
        return transposed ? rows : 1;
    }

    /** Copies the block of {@code u} into {@code rowMajor} (n·p values, row-major). */
    void gather(double[] u, double[] rowMajor) {
        if (!transposed) {
            System.arraycopy(u, offset, rowMajor, 0, size());
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < cols; a++) {
                rowMajor[i * cols + a] = u[index(i, a)];
            }
        }
    }

    /** Copies {@code rowMajor} (n·p values, row-major) into the block of {@code u}. */
    void scatter(double[] rowMajor, double[] u) {
        if (!transposed) {
            System.arraycopy(rowMajor, 0, u, offset, size());
            return;
        }
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < cols; a++) {
                u[index(i, a)] = rowMajor[i * cols + a];
            }
        }
    }

    /**
     * @param u parameter vector
     * @return {@code max_{ij} |(QᵀQ − I)_{ij}|} of this block of {@code u}
     */
    public double orthonormalityError(double[] u) {
        double worst = 0.0;
        for (int a = 0; a < cols; a++) {
            for (int b = 0; b < cols; b++) {
                double s = 0.0;
                for (int i = 0; i < rows; i++) {
                    s += u[index(i, a)] * u[index(i, b)];
                }
                worst = Math.max(worst, Math.abs(s - (a == b ? 1.0 : 0.0)));
            }
        }
        return worst;
    }

    /**
     * Projects a vector onto the tangent space at Q for the Euclidean metric:
     * {@code V ← V − Q sym(QᵀV)}, {@code sym(A) = (A + Aᵀ)/2}; applied to the Euclidean gradient it gives the
     * Riemannian gradient (Absil, Mahony and Sepulchre 2008, §3.6.1). Allocation-free.
     *
     * @param q    the point, read from {@code q[offset .. end)}
     * @param v    the vector, overwritten in {@code v[offset .. end)}
     * @param work scratch array of length ≥ p·p
     */
    public void projectToTangent(double[] q, double[] v, double[] work) {
        for (int a = 0; a < cols; a++) {
            for (int b = a; b < cols; b++) {
                double s = 0.0;
                for (int i = 0; i < rows; i++) {
                    int ia = index(i, a);
                    int ib = index(i, b);
                    s += q[ia] * v[ib] + q[ib] * v[ia];
                }
                work[a * cols + b] = 0.5 * s;
                work[b * cols + a] = 0.5 * s;
            }
        }
        int cs = colStride();
        for (int i = 0; i < rows; i++) {
            int r = index(i, 0);
            for (int b = 0; b < cols; b++) {
                double s = 0.0;
                for (int a = 0; a < cols; a++) {
                    s += q[r + a * cs] * work[a * cols + b];
                }
                v[r + b * cs] -= s;
            }
        }
    }

    /**
     * Replaces the block by the nearest matrix with orthonormal columns (the polar factor of its SVD), for a
     * starting point on the manifold. Allocates; not for loops.
     *
     * @param u parameter vector, modified in {@code u[offset .. end)}
     */
    public void projectToManifold(double[] u) {
        new StiefelWorkspace(this).projectToManifold(u);
    }
}
