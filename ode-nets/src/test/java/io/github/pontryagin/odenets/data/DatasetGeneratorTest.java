package io.github.pontryagin.odenets.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class DatasetGeneratorTest {

    @Test
    void namesAreThoseOfTheSpec() {
        assertEquals(List.of("donut1d", "donut2d", "squares", "spiral"), DatasetGenerator.names());
    }

    @Test
    void byNameIsCaseInsensitive() {
        assertSame(DatasetGenerator.SPIRAL, DatasetGenerator.byName("spiral"));
        assertSame(DatasetGenerator.SPIRAL, DatasetGenerator.byName("SPIRAL"));
        assertSame(DatasetGenerator.DONUT1D, DatasetGenerator.byName(" Donut1D "));
    }

    @Test
    void unknownNameIsRejectedListingTheValidNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DatasetGenerator.byName("moons"));
        String message = e.getMessage();
        assertTrue(message.contains("'moons'"), message);
        for (String name : DatasetGenerator.names()) {
            assertTrue(message.contains(name), message);
        }
        assertThrows(IllegalArgumentException.class, () -> DatasetGenerator.byName(null));
    }

    @Test
    void inputDimensionIsOneForDonut1dAndTwoOtherwise() {
        assertEquals(1, DatasetGenerator.dimension("donut1d"));
        assertEquals(2, DatasetGenerator.dimension("donut2d"));
        assertEquals(2, DatasetGenerator.dimension("squares"));
        assertEquals(2, DatasetGenerator.dimension("spiral"));
        for (DatasetGenerator g : DatasetGenerator.all()) {
            assertEquals(g.dimension(), g.generate(3, 1L).dimension(), g.label());
        }
    }

    @Test
    void generatorsDelegateToTheDefinitions() {
        assertEquals(Datasets.donut1d(50, 9L), DatasetGenerator.byName("donut1d").generate(50, 9L));
        assertEquals(Datasets.donut2d(50, 9L), DatasetGenerator.byName("donut2d").generate(50, 9L));
        assertEquals(Datasets.squares(50, 9L), DatasetGenerator.byName("squares").generate(50, 9L));
        assertEquals(Datasets.spiral(50, 9L), DatasetGenerator.byName("spiral").generate(50, 9L));
    }
}
