package io.github.pontryagin.odenets;

import java.util.ArrayList;
import java.util.List;

/**
 * Where each part of an ODE-net lives in its flat parameter vector {@code u}:
 * {@code [θ_0 … θ_{N−1} | h_0 … h_{N−1} (when learned) | W, μ | lifting matrix (when learnable)]}.
 * Optimizers, checkpoints and gradient checks all see this one vector.
 */
public record ParameterLayout(int thetaOffset, int thetaLength, int stepSizeOffset, int stepSizeLength,
                              int headOffset, int headLength, int liftOffset, int liftLength) {

    /** Total length of the parameter vector. */
    public int size() {
        return liftOffset + liftLength;
    }

    /** A named contiguous range of the vector. */
    public record Range(String name, int from, int to) {
        public int length() {
            return to - from;
        }
    }

    /** The non-empty ranges: theta, h, head, lift. */
    public List<Range> ranges() {
        List<Range> ranges = new ArrayList<>();
        ranges.add(new Range("theta", thetaOffset, thetaOffset + thetaLength));
        if (stepSizeLength > 0) {
            ranges.add(new Range("h", stepSizeOffset, stepSizeOffset + stepSizeLength));
        }
        ranges.add(new Range("head", headOffset, headOffset + headLength));
        if (liftLength > 0) {
            ranges.add(new Range("lift", liftOffset, liftOffset + liftLength));
        }
        return ranges;
    }
}
