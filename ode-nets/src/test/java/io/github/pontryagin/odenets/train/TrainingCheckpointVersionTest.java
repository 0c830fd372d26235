package io.github.pontryagin.odenets.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.github.pontryagin.core.optim.OptimizerState;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.ModelFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of version 2 (the lift stored as Lᵀ) round-trip the optimizer's vectors in the parameter vector's
 * order; version 1 files are read for nets without a learnable lift (their order did not change) and refused, with
 * the reason, for nets with one.
 */
class TrainingCheckpointVersionTest {

    @TempDir
    Path temp;

    private Path checkpoint(OdeNet net, String name) throws Exception {
        int n = net.parameters().length;
        double[] momentum = new double[n];
        for (int i = 0; i < n; i++) {
            momentum[i] = 0.25 * i;
        }
        OptimizerState.Snapshot state = new OptimizerState.Snapshot(3, 1.5, 0.01, 0.0, 0, new double[0], momentum,
                new double[n], new double[0], new double[0], new double[0]);
        Path file = temp.resolve(name);
        TrainingCheckpoint.write(file, net, 3, 1, 10, state, List.of(), new double[0], 0, Map.of());
        return file;
    }

    @Test
    void versionTwoRoundTripsTheOptimizerStateOfANetWithALift() throws Exception {
        try (OdeNet net = OdeNet.builder().inputDimension(3).width(4).layers(2).learnableLift(true).seed(5).build()) {
            Path file = checkpoint(net, "lift.json");
            assertTrue(Files.readString(file).contains("\"formatVersion\":2"), "written as version 2");
            TrainingCheckpoint read = TrainingCheckpoint.read(file);
            assertArrayEquals(net.parameters(), read.net().parameters(), 0.0);
            assertEquals(0.25 * 7, read.optimizerState().momentum()[7]);
        }
    }

    @Test
    void versionOneIsReadWithoutALiftAndRefusedWithOne() throws Exception {
        try (OdeNet plain = OdeNet.builder().inputDimension(2).width(4).layers(2).seed(5).build();
             OdeNet lifted = OdeNet.builder().inputDimension(3).width(4).layers(2).learnableLift(true).seed(5)
                     .build()) {
            Path old = checkpoint(plain, "plain.json");
            Files.writeString(old, Files.readString(old).replace("\"formatVersion\":2", "\"formatVersion\":1"));
            assertArrayEquals(plain.parameters(), TrainingCheckpoint.read(old).net().parameters(), 0.0);
            Path oldLift = checkpoint(lifted, "lifted.json");
            Files.writeString(oldLift, Files.readString(oldLift).replace("\"formatVersion\":2",
                    "\"formatVersion\":1"));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> TrainingCheckpoint.read(oldLift));
            assertTrue(e.getMessage().startsWith(oldLift.toString() + ": checkpoint version 1 of a net with a"
                    + " learnable lift"), e.getMessage());
            Path future = checkpoint(plain, "future.json");
            Files.writeString(future, Files.readString(future).replace("\"formatVersion\":2", "\"formatVersion\":3"));
            e = assertThrows(ModelFormatException.class, () -> TrainingCheckpoint.read(future));
            assertTrue(e.getMessage().contains("checkpoint version 3 is not supported; this program reads version 2"),
                    e.getMessage());
        }
    }
}
