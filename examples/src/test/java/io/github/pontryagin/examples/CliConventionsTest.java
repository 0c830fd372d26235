package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's conventions (issue 19): renamed options with their deprecated aliases, grouped help, shell
 * completion, argument files, plain progress lines off a terminal, run.json and --overwrite.
 */
class CliConventionsTest {

    @TempDir
    Path dir;

    /** Parses {@code args} and applies the rules without running; returns the subcommand's object. */
    private static Object parsed(String... args) {
        CommandLine cl = Pontryagin.commandLine();
        cl.setErr(new java.io.PrintWriter(java.io.Writer.nullWriter()));
        CommandLine.ParseResult result = cl.parseArgs(args);
        CliRules.check(result);
        return result.subcommand().commandSpec().userObject();
    }

    @Test
    void everyDeprecatedAliasSetsTheRenamedOption() {
        assertEquals(StepSizePolicy.SIMPLEX, ((TrainCommand) parsed("train", "--steps", "simplex")).model.steps);
        assertEquals(StepSizePolicy.FIXED, ((MnistCommand) parsed("mnist", "--steps", "fixed")).steps);
        assertEquals(3, ((TrainCommand) parsed("train", "--checkpoint-interval", "3")).model.checkpointInterval);
        assertEquals(4, ((CompareCommand) parsed("compare", "--jobs", "4")).jobs);
        assertEquals(Path.of("p.csv"), ((PredictCommand) parsed("predict", "--model", "pom.xml", "--input", "pom.xml",
                "--output", "p.csv")).output);
        assertEquals(Path.of("g.json"), ((GradientCommand) parsed("gradient", "--output", "g.json")).output);
        assertEquals(List.of(DatasetGenerator.SQUARES, DatasetGenerator.SPIRAL),
                ((DatasetsCommand) parsed("datasets", "--dataset", "squares,spiral")).datasets);
    }

    @Test
    void aDeprecatedAliasWorksAndPrintsOneWarningLine() throws Exception {
        Path out = dir.resolve("g.json");
        Cli.Result r = Cli.ok("gradient", "--points", "12", "--layers", "2", "--steps", "fixed",
                "--checkpoint-interval", "1", "--output", out.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(3, lines.size(), r.err());
        assertEquals("pontryagin gradient: warning: --steps is deprecated and will be removed in the next release;"
                + " use --step-sizes", lines.get(0));
        assertTrue(lines.get(1).contains("--checkpoint-interval is deprecated") && lines.get(1).endsWith(
                "use --recompute-every"), lines.get(1));
        assertTrue(lines.get(2).contains("--output is deprecated") && lines.get(2).endsWith("use --output-file"));
        assertTrue(Files.isRegularFile(out));
        JsonNode json = new ObjectMapper().readTree(out.toFile());
        assertEquals(2, json.get("layers").asInt(), "the run used the options given with them");
        assertEquals("fixed", json.get("stepSizePolicy").asText(), "--steps fixed reached the net");
    }

    @Test
    void theOldAndTheNewNameTogetherAreRefused() {
        Cli.Result r = Cli.run("train", "--steps", "fixed", "--step-sizes", "free");
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode());
        assertEquals(List.of("pontryagin train: --steps and --step-sizes are the same option (--steps is its "
                + "deprecated name); give --step-sizes once (see pontryagin train --help)"), r.err().lines().toList());
    }

    @Test
    void hiddenAliasesNameAnExistingOptionOfTheirCommand() {
        CommandLine cl = Pontryagin.commandLine();
        int aliases = 0;
        for (CommandLine sub : cl.getSubcommands().values()) {
            for (OptionSpec option : sub.getCommandSpec().options()) {
                String current = CliRules.replacement(option);
                if (current != null) {
                    aliases++;
                    OptionSpec target = sub.getCommandSpec().findOption(current);
                    assertNotNull(target, option.longestName() + " -> " + current + " in " + sub.getCommandName());
                    assertFalse(target.hidden());
                }
            }
        }
        assertEquals(11, aliases, "--steps and --checkpoint-interval in train, gradcheck, gradient; mnist --steps, "
                + "compare --jobs, predict and gradient --output, datasets --dataset; update when renaming");
    }

    @Test
    void didYouMeanForAMisspeltOptionAndSubcommand() {
        Cli.Result option = Cli.run("train", "--tablau", "rk4");
        assertEquals(Pontryagin.EXIT_USAGE, option.exitCode());
        assertEquals(1, option.err().lines().count(), option.err());
        assertTrue(option.err().contains("did you mean --tableau?"), option.err());
        Cli.Result command = Cli.run("trian");
        assertEquals(Pontryagin.EXIT_USAGE, command.exitCode());
        assertEquals(1, command.err().lines().count(), command.err());
        assertTrue(command.err().contains("did you mean train?"), command.err());
    }

    @Test
    void trainHelpIsGroupedIntoSectionsAndListsEveryChoice() {
        String help = Cli.ok("train", "--help").out();
        int previous = -1;
        for (String heading : List.of("Data:", "Model:", "Training:", "Output:", "Performance:", "Help:",
                "Choices:")) {
            int at = help.indexOf("\n" + heading + "\n");
            assertTrue(at > previous, heading + " missing or out of order:\n" + help);
            previous = at;
        }
        assertTrue(Pattern.compile("\nData:\n.*--data=FILE.*\nModel:\n", Pattern.DOTALL).matcher(help).find());
        assertTrue(Pattern.compile("\nPerformance:\n.*--recompute-every=K", Pattern.DOTALL).matcher(help).find());
        assertTrue(Pattern.compile("\nTraining:\n.*--epochs=E.*\nOutput:\n", Pattern.DOTALL).matcher(help).find());
        for (Registry<?> registry : List.of(Tableau.registry(), StepSizePolicy.registry(),
                DatasetGenerator.registry())) {
            for (String name : registry.names()) {
                assertTrue(help.contains(" " + name + " "), name + " is not listed:\n" + help);
            }
        }
        assertFalse(help.contains("--checkpoint-interval") || help.contains("--steps="), "aliases are hidden");
        assertFalse(help.lines().anyMatch(line -> line.stripTrailing().endsWith("...")), "no text cut by ...");
        assertTrue(help.startsWith("Usage: pontryagin train [OPTIONS]"), "short synopsis");
    }

    @Test
    void completionPrintsPicocliBashScriptWithRegisteredNames() {
        String script = Cli.ok("completion").out();
        assertTrue(script.startsWith("#!/usr/bin/env bash"), script.substring(0, 80));
        assertTrue(script.contains("complete -F _complete_pontryagin"), "registers the completion function");
        for (String word : List.of("train", "gradcheck", "--step-sizes", "--recompute-every", "kutta3",
                "sigma-affine")) {
            assertTrue(script.contains(word), word);
        }
    }

    @Test
    void argumentFilesAreExpanded() throws Exception {
        Path args = dir.resolve("small.args");
        Files.writeString(args, "# a small net\n--points 14\n--layers 2 --step-sizes fixed\n");
        Cli.Result r = Cli.ok("gradcheck", "@" + args);
        assertTrue(r.out().contains("14"), r.out());
        assertTrue(r.out().contains("N=2"), r.out());
    }

    @Test
    void progressOffATerminalIsOneCompleteLinePerInterval() {
        Path out = dir.resolve("o");
        Cli.Result r = Cli.ok("train", "--points", "30", "--layers", "2", "--iterations", "25", "--no-plots",
                "--progress-every", "0", "--out", out.toString());
        assertFalse(r.err().contains("\r"), "no carriage returns");
        List<String> lines = r.err().lines().toList();
        assertEquals(25, lines.size(), "one line per iteration with --progress-every 0 (auto: no console in tests)");
        Pattern line = Pattern.compile("train: iteration (\\d+)/25 \\([0-9.]+ %\\), loss [-0-9.e+]+, train accuracy "
                + "(-|[0-9.]+ %)(, test accuracy [0-9.]+ %)?, ([0-9.]+|-) it/s, elapsed \\d+ s, ETA (-|\\d+ s)");
        for (int k = 0; k < lines.size(); k++) {
            var m = line.matcher(lines.get(k));
            assertTrue(m.matches(), lines.get(k));
            assertEquals(k + 1, Integer.parseInt(m.group(1)));
        }
        assertTrue(lines.get(24).contains("test accuracy"), "accuracies once evaluated: " + lines.get(24));
        assertTrue(lines.get(24).length() > 80, "not cut at 80 columns");
        Cli.Result seconds = Cli.ok("train", "--points", "30", "--layers", "2", "--iterations", "25", "--no-plots",
                "--progress", "lines", "--out", dir.resolve("o2").toString());
        assertEquals(1, seconds.err().lines().filter(l -> l.startsWith("train: iteration")).count(),
                "every 10 s by default: only the last iteration's line in a short run\n" + seconds.err());
        Cli.Result none = Cli.ok("train", "-q", "--points", "30", "--layers", "2", "--iterations", "5", "--no-plots",
                "--out", dir.resolve("o3").toString());
        assertEquals("", none.err());
    }

    @Test
    void runJsonHoldsEnoughToRerunTheRunBitForBit() throws Exception {
        Path data = dir.resolve("points.csv");
        StringBuilder csv = new StringBuilder("x1,x2,label\n");
        for (int i = 0; i < 40; i++) {
            double a = 0.37 * i;
            csv.append(Math.cos(a) * (i % 7) / 7).append(',').append(Math.sin(a) * (i % 5) / 5).append(',')
                    .append(i % 2).append('\n');
        }
        Files.writeString(data, csv);
        Path first = dir.resolve("first");
        Cli.ok("train", "-q", "--data", data.toString(), "--layers", "3", "--step-sizes", "simplex", "--iterations",
                "30", "--optimizer", "heavy-ball", "--lr", "0.1", "--no-plots", "--out", first.toString());
        JsonNode run = new ObjectMapper().readTree(first.resolve("run.json").toFile());
        assertEquals(RunRecord.sha256(data), run.at("/data/data/sha256").asText());
        assertEquals(64, run.at("/data/data/sha256").asText().length());
        assertEquals("file", run.at("/data/source").asText());
        assertEquals("heavy-ball", run.at("/options/--optimizer").asText());
        assertEquals("0.1", run.at("/options/--learning-rate").asText());
        assertEquals("30", run.at("/options/--iterations").asText());
        assertEquals("1", run.at("/options/--seed").asText(), "defaults are recorded too");
        assertEquals(1, run.at("/threads").asInt());
        assertEquals(System.getProperty("java.version"), run.at("/environment/jdk").asText().split(" ")[0]);
        assertTrue(run.at("/times/wallTimeSeconds").asDouble() > 0);
        assertTrue(run.at("/times/start").asText().compareTo(run.at("/times/end").asText()) <= 0);
        assertEquals(30, run.at("/result/iterations").asInt());
        CommandLine cl = Pontryagin.commandLine();
        long options = cl.getSubcommands().get("train").getCommandSpec().options().stream()
                .filter(o -> !o.hidden() && !o.usageHelp() && !o.versionHelp()).count();
        assertEquals(options, run.get("options").size(), "every option of train");
        // rerun from the recorded command line alone, into another folder
        List<String> rerun = new ArrayList<>();
        run.get("rerun").asText().lines().forEach(l -> rerun.addAll(List.of(l.split(" "))));
        rerun.remove(0);
        Path second = dir.resolve("second");
        rerun.replaceAll(a -> a.startsWith("--out=") ? "--out=" + second : a);
        Cli.ok(rerun.toArray(String[]::new));
        assertEquals(Files.readString(first.resolve("model.json")), Files.readString(second.resolve("model.json")));
    }

    @Test
    void replacingTheResultsOfAnEarlierRunNeedsOverwrite() throws Exception {
        Path out = dir.resolve("o");
        String[] args = {"train", "-q", "--points", "20", "--layers", "2", "--iterations", "3", "--no-plots",
                "--out", out.toString()};
        Cli.ok(args);
        Cli.Result again = Cli.run(args);
        assertEquals(Pontryagin.EXIT_USAGE, again.exitCode());
        assertEquals(1, again.err().lines().count(), again.err());
        assertTrue(again.err().contains("--out " + out + " holds the results of an earlier run (history.csv, "
                + "model.json, run.json); add --overwrite"), again.err());
        Path inputsOnly = dir.resolve("inputs");
        Files.createDirectories(inputsOnly);
        Files.writeString(inputsOnly.resolve("notes.txt"), "data and notes may live in --out");
        Cli.ok("train", "-q", "--points", "20", "--layers", "2", "--iterations", "3", "--no-plots", "--out",
                inputsOnly.toString());
        List<String> overwrite = new ArrayList<>(List.of(args));
        overwrite.add("--overwrite");
        Cli.ok(overwrite.toArray(String[]::new));
    }

    @Test
    void demoRunsTwiceInARowInTheSameFolder() {
        Path out = dir.resolve("demo");
        for (int run = 0; run < 2; run++) {
            Cli.ok("demo", "-q", "--iterations", "3", "--points", "20", "--out", out.toString());
        }
        assertTrue(Files.isRegularFile(out.resolve(TrainingRun.LOSS_PNG)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "train --epochs 2 --iterations 5;--epochs and --iterations exclude each other",
            "gradcheck --test-points 5;--test-points is not used by gradcheck",
            "gradient --validation-split 0.2;--validation-split is not used by gradient",
            "train --checkpoint-every 5;--checkpoint-every needs --checkpoint",
            "train --reversible;--reversible needs --layer-update leapfrog",
            "train --layer-update hb-net --reversible;--reversible needs --layer-update leapfrog (or --leapfrog) or conformal-verlet",
            "train --layer-update hb-net --tableau heun;--layer-update and --tableau exclude each other",
            "train --leapfrog --tableau heun;--leapfrog and --tableau exclude each other",
            "train --steps fixed --no-skip;--no-skip and --steps exclude each other",
            "datasets -q;Unknown option: '-q'",
            "mnist --plot-format svg;--plot-format is not used by mnist"})
    void conflictingOrIgnoredOptionsAreRefusedWithOneLine(String command, String message) {
        Cli.Result r = Cli.run(command.split(" "));
        assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.contains("warning: --steps is deprecated")).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).contains(message), lines.get(0));
    }
}
