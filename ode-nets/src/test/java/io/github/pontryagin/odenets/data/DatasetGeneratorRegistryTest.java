package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.Registry;

/** The data-set registry: names round-trip, unknown names list every choice, a new data set is one line. */
class DatasetGeneratorRegistryTest {

    @Test
    void everyNameRoundTripsAndEveryDescriptorIsComplete() {
        for (DatasetGenerator g : DatasetGenerator.all()) {
            assertSame(g, DatasetGenerator.byName(" " + g.name().toUpperCase() + " "));
            assertEquals(g.dimension(), g.generate(4, 1L).dimension(), g.name());
            assertTrue(g.paperPoints() > 0 && g.paperIterations() > 0, g.name());
        }
    }

    @Test
    void unknownNameIsTheRegistrysOneLine() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.byName("moons"));
        assertEquals("unknown data set 'moons'; expected one of donut1d, donut2d, squares, spiral", e.getMessage());
    }

    @Test
    void aNewDataSetIsOneDescriptorAndOneRegistrationLine() {
        DatasetGenerator line = new DatasetGenerator("line", "1-D: label 1 iff x > 0", 1, 0.0, 100, 1000,
                (n, seed, noise) -> Datasets.donut1d(n, seed, noise));
        Registry<DatasetGenerator> local = DatasetGenerator.registry().toBuilder().add(line).build();
        assertSame(line, local.get("LINE"));
        assertEquals(5, local.names().size());
        assertEquals(4, DatasetGenerator.names().size());
        assertThrows(IllegalArgumentException.class, () -> new DatasetGenerator("bad", "zero points", 1, 0.1, 0, 10,
                (n, seed, noise) -> Datasets.donut1d(n, seed, noise)));
    }
}
