package io.github.pontryagin.odenets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.pontryagin.adjoint.DiscreteAdjoint;
import org.junit.jupiter.api.Test;

/**
 * The defaults the README states are the builder's: the reverse-form discrete adjoint storing every stage
 * (checkpointing only "when asked for"), chunks of 256 points, one thread.
 */
class DocumentedDefaultsTest {

    @Test
    void builderDefaultsAreTheOnesTheReadmeStates() throws Exception {
        String readme = Files.readString(Path.of("../README.md"));
        try (OdeNet net = OdeNet.builder().layers(16).build()) {
            assertEquals(DiscreteAdjoint.reverse(), net.adjoint(), "default adjoint: " + net.adjoint());
            assertEquals("discrete adjoint, reverse form, every stage stored", net.adjoint().describe(),
                    "no checkpointing unless asked for");
            assertEquals(16, ((DiscreteAdjoint) net.adjoint()).checkpointInterval(16), "interval N: all stored");
            assertTrue(readme.contains("Checkpointing (`√N` checkpoints when asked for)"),
                    "the README must say checkpointing is opt-in, as the builder does");
            assertEquals(256, net.executionOptions().chunkSize());
            assertTrue(readme.contains("(`chunkSize`, default 256 points)"), "README states the chunk size");
            assertEquals(1, net.executionOptions().threads());
        }
        assertEquals(4, DiscreteAdjoint.reverse().checkpointSqrt().checkpointInterval(16), "√N when asked for");
    }
}
