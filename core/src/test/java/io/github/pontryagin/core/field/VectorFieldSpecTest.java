package io.github.pontryagin.core.field;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.Registry;

/** Specs of vector fields: defaults, validation against the family, and the family registry. */
class VectorFieldSpecTest {

    @Test
    void everyRegisteredFamilyRoundTripsThroughItsNameAndBuildsItsOwnFields() {
        for (Registry.Entry<VectorFieldFamily> e : VectorFields.registry().entries()) {
            assertSame(e.value(), VectorFields.registry().get(" " + e.name().toUpperCase() + " "));
            assertEquals(e.name(), e.value().name());
            VectorFieldSpec spec = VectorFieldSpec.of(e.name().toUpperCase());
            assertEquals(e.name(), spec.family());
            assertEquals(e.name(), spec.create(4).family());
        }
    }

    @Test
    void ofGivesTanhTheDefaultWidthAndNoDamping() {
        VectorFieldSpec spec = VectorFieldSpec.of("hamiltonian");
        assertEquals(Activation.TANH, spec.activation());
        assertEquals(VectorFieldSpec.DEFAULT_WIDTH, spec.hiddenWidth());
        assertEquals(3, spec.hiddenWidth(6));
        assertEquals(0.0, spec.gamma());
    }

    @Test
    void withersChangeOneSettingAndBuildTheMatchingField() {
        VectorFieldSpec spec = VectorFieldSpec.of("two-layer").withActivation(Activation.RELU).withHiddenWidth(7);
        TwoLayer field = assertInstanceOf(TwoLayer.class, spec.create(3));
        assertEquals(7, field.width());
        assertEquals(Activation.RELU, field.activation());
        Antisymmetric damped = assertInstanceOf(Antisymmetric.class,
                VectorFieldSpec.of("antisymmetric").withGamma(0.25).create(3));
        assertEquals(0.25, damped.gamma());
        assertEquals(new VectorFieldSpec("gradient", Activation.TANH, -1, 0.0),
                VectorFieldSpec.of("sigma-affine").withFamily("Gradient"));
    }

    @Test
    void invalidSettingsAreRejectedNamingTheValueAndWhatIsAccepted() {
        assertMessage(() -> VectorFieldSpec.of("resnet"), "unknown vector-field family 'resnet'", "sigma-affine",
                "hamiltonian");
        assertMessage(() -> VectorFieldSpec.of("gradient").withHiddenWidth(0), "hidden width", "> 0", "0");
        assertMessage(() -> VectorFieldSpec.of("gradient").withGamma(0.5), "gamma", "0.5", "antisymmetric");
        assertMessage(() -> VectorFieldSpec.of("antisymmetric").withGamma(-1), "gamma", "-1", ">= 0");
        assertMessage(() -> VectorFieldSpec.of("gradient").withActivation(null), "activation", "tanh", "identity");
        assertMessage(() -> VectorFieldSpec.of("sigma-affine").withHiddenWidth(5).create(3), "width = 5",
                "dimension (3)");
    }

    @Test
    void familiesDeclareTheirKnobs() {
        assertEquals(Set.of(), SigmaAffine.FAMILY.knobs());
        assertEquals(Set.of(VectorFieldFamily.Knob.GAMMA), Antisymmetric.FAMILY.knobs());
        assertTrue(Hamiltonian.FAMILY.accepts(VectorFieldFamily.Knob.HIDDEN_WIDTH));
        assertEquals(2, Hamiltonian.FAMILY.defaultHiddenWidth(4));
    }

    @Test
    void aNewFamilyIsOneObjectAndOneRegistrationLine() {
        VectorFieldFamily scaled = new VectorFieldFamily("scaled-affine", "f(y) = sigma(K y + beta), another name",
                Set.of(), d -> d, (d, w, gamma, sigma) -> new SigmaAffine(d, sigma));
        Registry<VectorFieldFamily> local = VectorFields.registry().toBuilder().add(scaled).build();
        assertSame(scaled, local.get("Scaled-Affine"));
        assertEquals(VectorFields.families().size() + 1, local.names().size());
        assertTrue(local.unknown("x").contains("scaled-affine"));
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should mention " + part);
        }
    }
}
