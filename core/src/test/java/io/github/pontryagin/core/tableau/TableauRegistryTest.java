package io.github.pontryagin.core.tableau;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import io.github.pontryagin.core.Registry;

/** The tableau registry: every name round-trips, unknown names list every choice, a new tableau is one line. */
class TableauRegistryTest {

    @Test
    void everyRegisteredNameRoundTripsToATableauOfThatName() {
        for (String name : Tableau.registry().names()) {
            assertEquals(name, Tableau.byName(name).name());
            assertEquals(name, Tableau.byName(" " + name.toUpperCase() + " ").name());
        }
        assertEquals(Tableau.registry().names().size(), Tableau.names().size());
        assertEquals("euler", Tableau.registry().names().get(0));
    }

    @Test
    void unknownNameIsOneLineWithEveryChoice() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tableau.byName("rk5"));
        assertTrue(e.getMessage().startsWith("unknown tableau 'rk5'; expected one of euler, heun, kutta3, rk4, "),
                e.getMessage());
        for (String name : Tableau.names()) {
            assertTrue(e.getMessage().contains(name), e.getMessage());
        }
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void aNewTableauIsOneRegistrationLine() {
        Registry<Supplier<Tableau>> local = Tableau.registry().toBuilder()
                .add("ralston", "Ralston's method, order 2", () -> new Tableau("ralston", 2,
                        new double[][] {{0, 0}, {2.0 / 3, 0}}, new double[] {0.25, 0.75}, new double[] {0, 2.0 / 3}))
                .build();
        assertEquals("ralston", local.get("Ralston").get().name());
        assertTrue(local.names().containsAll(Tableau.registry().names()));
        assertTrue(local.unknown("rk5").endsWith(", ralston"));
    }
}
