package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Wrong input ends with a non-zero exit code and one line on stderr naming parameter and value, no stack trace. */
class ErrorHandlingTest {

    @TempDir
    Path dir;

    private static void assertOneLineError(Cli.Result r, String... mustContain) {
        assertNotEquals(0, r.exitCode(), r.out());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), () -> "expected one line, got:\n" + r.err());
        assertFalse(err.contains("Exception"), err);
        assertFalse(err.contains("at io."), err);
        assertFalse(err.contains("\tat "), err);
        for (String s : mustContain) {
            assertTrue(err.contains(s), () -> "'" + err + "' should mention " + s);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "train --tableau foo;--tableau;foo;rk4",
            "train --layers 0;--layers;0;>= 1",
            "gradient --layers -3;--layers;-3;>= 1",
            "train --horizon -1;--horizon;-1;> 0",
            "train --dataset nope;--dataset;nope;spiral",
            "train --steps sometimes;--steps;sometimes;simplex",
            "train --field magnetic;--field;magnetic;sigma-affine",
            "train --activation swish;--activation;swish;tanh",
            "train --optimizer sgdx;--optimizer;sgdx;adam",
            "train --points many;--points;many;integer",
            "gradcheck --points 0;--points;0;>= 1",
            "compare --suite C;--suite;C;A or B",
            "compare --models Transformer;--models;Transformer;ODENet",
            "compare --tableaux euler,rk5;--tableaux;rk5;kutta3",
            "demo --iterations 0;--iterations;0;>= 1",
            "train --data missing.csv;--data;missing.csv;does not exist",
            "predict --model missing.json --input x.csv;--model;missing.json;does not exist",
            "train --bogus-option;--bogus-option;--bogus-option;pontryagin train --help"})
    void badOptionsGiveOneLineNamingParameterValueAndWhatIsAllowed(String command, String parameter, String value,
                                                                   String allowed) {
        Cli.Result r = Cli.run(command.split(" "));
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
        assertOneLineError(r, parameter, value, allowed);
    }

    @Test
    void missingRequiredOptionIsNamed() {
        assertOneLineError(Cli.run("predict", "--output-file", dir.resolve("p.csv").toString()), "--model", "--input");
    }

    @Test
    void unknownSubcommandListsTheSubcommands() {
        Cli.Result r = Cli.run("trian", "--layers", "3");
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertOneLineError(r, "trian", "train", "predict", "datasets");
    }

    @Test
    void missingSubcommandListsTheSubcommands() {
        assertOneLineError(Cli.run(), "demo", "compare", "gradient");
    }

    @Test
    void invalidCombinationFoundWhileRunningIsOneLineWithExitCodeOne() {
        Cli.Result r = Cli.run("train", "--quiet", "--width", "1", "--dataset", "spiral", "--points", "10",
                "--out", dir.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode());
        assertOneLineError(r, "width", "1");
    }

    @Test
    void reversibleBackpropWithoutLeapfrogLayersIsOneLine() {
        Cli.Result r = Cli.run("train", "--quiet", "--reversible", "--points", "10", "--out", dir.toString());
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), "refused before anything runs (issue 19)");
        assertOneLineError(r, "--reversible", "--leapfrog");
        Cli.Result odd = Cli.run("train", "--quiet", "--leapfrog", "--width", "3", "--points", "10", "--out",
                dir.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, odd.exitCode());
        assertOneLineError(odd, "leapfrog", "d = 3", "even");
    }

    @Test
    void corruptModelFileIsOneLineWithTheFileName() throws Exception {
        Path model = dir.resolve("broken.json");
        Files.writeString(model, "{\"format\": \"pontryagin-model\", \"formatVersion\": 1, \"architec");
        Path input = dir.resolve("in.csv");
        Files.writeString(input, "0.1,0.2\n");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--input", input.toString(),
                "--output-file", dir.resolve("o.csv").toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode());
        assertOneLineError(r, "broken.json");
    }

    @Test
    void malformedDataFileIsOneLineWithFileAndLine() throws Exception {
        Path data = dir.resolve("bad.csv");
        Files.writeString(data, "x1,x2,label\n0.1,0.2,1\n0.3,oops,0\n");
        Cli.Result r = Cli.run("train", "--quiet", "--data", data.toString(), "--out", dir.toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode());
        assertOneLineError(r, "bad.csv", ":3", "oops");
    }

    @Test
    void predictRejectsAFractionalLabelWithFileAndLine() throws Exception {
        Path model = dir.resolve("m.json");
        Cli.ok("train", "--quiet", "--no-plots", "--points", "20", "--layers", "2", "--iterations", "2",
                "--out", dir.toString(), "--model", model.toString());
        Path input = dir.resolve("in.csv");
        Files.writeString(input, "0.1,0.2,1\n0.3,0.4,1.5\n");
        Cli.Result r = Cli.run("predict", "--model", model.toString(), "--input", input.toString(),
                "--output-file", dir.resolve("o.csv").toString());
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode());
        assertOneLineError(r, "in.csv", ":2", "1.5", "non-negative integer");
    }

    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "predict", "compare", "gradcheck", "gradient", "datasets"})
    void everySubcommandHasHelp(String subcommand) {
        Cli.Result r = Cli.ok(subcommand, "--help");
        assertTrue(r.out().startsWith("Usage: pontryagin " + subcommand), r.out());
        assertTrue(r.out().contains("--help"), r.out());
    }

    @Test
    void sharedModelOptionsAppearInEverySubcommandThatBuildsANet() {
        for (String subcommand : new String[]{"train", "gradcheck", "gradient"}) {
            String help = Cli.ok(subcommand, "--help").out();
            for (String option : new String[]{"--dataset", "--points", "--layers", "--width", "--tableau", "--field",
                    "--activation", "--step-sizes", "--horizon", "--seed"}) {
                assertTrue(help.contains(option), () -> subcommand + " --help lacks " + option);
            }
        }
    }
}
