package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.head.Heads;
import picocli.CommandLine.TypeConversionException;

/** The command line takes its name choices from the registries: help lists every one, converters accept each. */
class RegistryChoicesTest {

    private static final List<Registry<?>> TRAIN_REGISTRIES = List.of(Tableau.registry(), VectorFields.registry(),
            Activation.registry(), Heads.registry(), Optimizers.registry(), DatasetGenerator.registry(),
            StepSizePolicy.registry(), Initialization.registry());

    @Test
    void trainHelpListsEveryRegisteredNameOnItsOwnLineAndTruncatesNothing() {
        String help = Cli.ok("train", "--help").out();
        assertTrue(help.contains("Choices:"), help);
        for (Registry<?> registry : TRAIN_REGISTRIES) {
            for (Registry.Entry<?> e : registry.entries()) {
                Pattern line = Pattern.compile("(?m)^ +" + Pattern.quote(e.name()) + " +" + Pattern.quote(
                        e.description()));
                assertTrue(line.matcher(help).find(), () -> registry.kind() + " '" + e.name() + "' missing:\n" + help);
            }
        }
        assertNoTruncatedList(help);
        assertTrue(help.contains("default learning rate 0.02"), help);
    }

    @ParameterizedTest
    @ValueSource(strings = {"compare", "datasets", "gradcheck", "gradient"})
    void otherCommandsListTheirChoicesToo(String command) {
        String help = Cli.ok(command, "--help").out();
        for (String name : DatasetGenerator.names()) {
            assertTrue(help.contains(name), () -> command + " --help lacks " + name + ":\n" + help);
        }
        assertNoTruncatedList(help);
    }

    /** A name list cut short before its default ("a, b, ... (default: a)"), as the hand-written lists were. */
    private static void assertNoTruncatedList(String help) {
        assertFalse(Pattern.compile(",\\s*\\.\\.\\.\\s*[(]default").matcher(help).find(), help);
    }

    @Test
    void compareHelpListsModelsAndSuites() {
        String help = Cli.ok("compare", "--help").out();
        for (String name : List.of("Net", "ResNet", "ODENet", "ODENet+simplex", "A", "B", "luther")) {
            assertTrue(Pattern.compile("(?m)^ +" + Pattern.quote(name) + " ").matcher(help).find(), name);
        }
    }

    @Test
    void everyRegisteredNameRoundTripsThroughTheConverters() {
        for (String name : Tableau.registry().names()) {
            assertEquals(name, new Converters.TableauName().convert(" " + name.toUpperCase() + " ").name());
        }
        for (String name : VectorFields.families()) {
            assertEquals(name, new Converters.FieldFamily().convert(name.toUpperCase()));
        }
        for (Activation a : Activation.values()) {
            assertSame(a, new Converters.ActivationName().convert(a.id()));
        }
        for (String name : Heads.ids()) {
            assertEquals(name, new Converters.HeadName().convert(name));
        }
        for (String name : Optimizers.registry().names()) {
            assertEquals(name, new Converters.OptimizerName().convert(name.toUpperCase()));
            TrainingOptions.optimizer(name, null, 0.9, 0.01);
        }
        for (DatasetGenerator g : DatasetGenerator.all()) {
            assertSame(g, new Converters.DatasetName().convert(g.name()));
        }
        for (Experiment.Model m : Experiment.Model.values()) {
            assertSame(m, new Converters.ModelName().convert(m.label.toLowerCase()));
        }
        assertEquals("B", new Converters.SuiteName().convert("b").name());
    }

    @Test
    void unknownNamesGiveTheRegistrysOneLineWithTheUsageExitCode() {
        Cli.Result r = Cli.run("train", "--tableau", "rk5");
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertTrue(r.err().contains("unknown tableau 'rk5'; expected one of " + String.join(", ",
                Tableau.registry().names())), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        TypeConversionException e = org.junit.jupiter.api.Assertions.assertThrows(TypeConversionException.class,
                () -> new Converters.OptimizerName().convert("sgdx"));
        assertEquals(Optimizers.registry().unknown("sgdx"), e.getMessage());
    }

    @Test
    void everyDataSetHasTheSettingsOfBothSuites() {
        for (DatasetGenerator g : DatasetGenerator.all()) {
            for (Experiment.Suite suite : List.of(Experiment.Suite.a(), Experiment.Suite.b())) {
                assertTrue(suite.points(g) > 0 && suite.iterations(g) > 0, g + " in suite " + suite.name());
            }
        }
    }
}
