package io.github.pontryagin.core.optim;

/**
 * How a step {@code V} in the tangent space at {@code Q ∈ V_{n,p}} is mapped back onto the Stiefel manifold
 * (Absil, Mahony and Sepulchre 2008, §4.1; docs/theory.md §3).
 */
public enum Retraction {

    /**
     * {@code R_Q(V) = cay(W) Q = (I − W/2)⁻¹(I + W/2) Q} with the skew-symmetric
     * {@code W = (I − QQᵀ/2) V Qᵀ − Q Vᵀ (I − QQᵀ/2)}, which satisfies {@code W Q = V} for tangent V
     * (Wen and Yin 2013; the Cayley map of the Lie group O(n) acting on V_{n,p},
     * Celledoni and Owren 2003). Orthonormality is kept to round-off because cay(W) is orthogonal.
     */
    CAYLEY,

    /** {@code R_Q(V) = qf(Q + V)}, the Q factor of the thin QR decomposition with positive diagonal of R. */
    QR;

    /** @return the retraction for a name (case-insensitive): {@code cayley} or {@code qr} */
    public static Retraction named(String name) {
        for (Retraction r : values()) {
            if (r.name().equalsIgnoreCase(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("retraction must be one of cayley, qr; got '" + name + "'");
    }
}
