package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.pontryagin.adjoint.LayerUpdate;
import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.core.field.VectorFieldSpec;
import io.github.pontryagin.core.field.VectorFields;
import org.junit.jupiter.api.Test;

/** Sizes are computed before anything is allocated and never overflow an int silently. */
class SizeLimitsTest {

    @Test
    void parameterCountWithoutBuildingEqualsTheBuiltNetsForEveryFamilyAndPolicy() {
        for (String family : VectorFields.families()) {
            for (StepSizePolicy policy : StepSizePolicy.values()) {
                for (boolean lift : new boolean[]{false, true}) {
                    OdeNetBuilder b = OdeNet.builder().inputDimension(2).width(4).layers(3)
                            .field(VectorFieldSpec.of(family)).stepSizes(policy).learnableLift(lift)
                            .head("softmax").classes(3);
                    try (OdeNet net = b.build()) {
                        assertEquals(net.parameters().length, b.parameterCount(), family + " " + policy + " " + lift);
                    }
                }
            }
        }
        OdeNetBuilder plain = OdeNet.builder().layers(5).layerUpdate(LayerUpdate.plain())
                .stepSizes(StepSizePolicy.FIXED);
        try (OdeNet net = plain.build()) {
            assertEquals(net.parameters().length, plain.parameterCount());
        }
    }

    @Test
    void hugeSettingsAreCountedExactlyAndRefusedByName() {
        // 10^9 layers of 2 x 2 sigma-affine fields (K and beta: 6 per layer) with a learned step size, a 3-entry head
        OdeNetBuilder layers = OdeNet.builder().inputDimension(2).width(2).layers(1_000_000_000);
        assertEquals(7_000_000_003L, layers.parameterCount());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, layers::build);
        assertTrue(e.getMessage().contains("7000000003 parameters") && e.getMessage().contains(
                ParameterBlock.TOO_LARGE), e.getMessage());
        // a 100000 x 100000 block does not fit; the message names the block, not a negative offset
        OdeNetBuilder wide = OdeNet.builder().inputDimension(2).width(100_000).layers(2);
        e = assertThrows(IllegalArgumentException.class, wide::parameterCount);
        assertTrue(e.getMessage().contains(ParameterBlock.TOO_LARGE) && !e.getMessage().contains("-"),
                e.getMessage());
        OdeNetBuilder hidden = OdeNet.builder().inputDimension(2).width(2)
                .field(VectorFieldSpec.of("two-layer").withHiddenWidth(1_000_000_000));
        e = assertThrows(IllegalArgumentException.class, hidden::parameterCount);
        assertTrue(e.getMessage().contains("hidden width 1000000000") && e.getMessage().contains("5000000002"),
                e.getMessage());
    }

    @Test
    void memoryEstimateGrowsWithEverySizeAndSaturatesInsteadOfOverflowing() {
        OdeNetBuilder small = OdeNet.builder().inputDimension(2).width(2).layers(20);
        long base = small.estimatedBytes(1000, 1000);
        assertTrue(base > 8L * 1000 * 2 * 20 * 4, "at least the forward tapes: " + base);
        assertTrue(small.estimatedBytes(100_000, 100_000) > base);
        assertTrue(OdeNet.builder().inputDimension(2).width(2).layers(40).estimatedBytes(1000, 1000) > base);
        assertTrue(OdeNet.builder().inputDimension(2).width(8).layers(20).estimatedBytes(1000, 1000) > base);
        long huge = OdeNet.builder().inputDimension(2).width(2).layers(1_000_000_000)
                .estimatedBytes(2_000_000_000L, 2_000_000_000L);
        assertEquals(Long.MAX_VALUE, huge, "saturates");
    }
}
