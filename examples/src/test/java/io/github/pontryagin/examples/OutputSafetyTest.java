package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import io.github.pontryagin.plots.Plots;

/**
 * What a run leaves in its output directory: history and loss plot that continue across a resume, no lost
 * history when a finished checkpoint is resumed again, stale temporary files removed, one run per directory,
 * plots of a diverged run skipped with a note rather than hanging or crashing.
 */
class OutputSafetyTest {

    @TempDir
    Path dir;

    private String[] run(Path out, Path checkpoint, int iterations, boolean resume, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "-q", "--points", "60", "--layers", "3",
                "--iterations", Integer.toString(iterations), "--checkpoint", checkpoint.toString(),
                "--checkpoint-every", "10", "--out", out.toString()));
        if (resume) {
            args.addAll(List.of("--resume", checkpoint.toString()));
        }
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void historyAndLossPlotContinueAcrossAResume() throws Exception {
        Path out = dir.resolve("out");
        Path ck = dir.resolve("ck.json");
        Cli.ok(run(out, ck, 30, false, "--no-plots"));
        Cli.ok(run(out, ck, 50, true));
        List<String> lines = Files.readAllLines(out.resolve(TrainingRun.HISTORY_CSV));
        assertEquals(51, lines.size(), "header and iterations 1..50");
        for (int k = 1; k <= 50; k++) {
            assertTrue(lines.get(k).startsWith(k + ","), lines.get(k));
        }
        // the losses of the resumed history are those of the uninterrupted run
        Path straight = dir.resolve("straight");
        Cli.ok("train", "-q", "--points", "60", "--layers", "3", "--iterations", "50", "--no-plots", "--out",
                straight.toString());
        List<String> reference = Files.readAllLines(straight.resolve(TrainingRun.HISTORY_CSV));
        for (int k = 1; k <= 50; k++) {
            assertEquals(reference.get(k).split(",")[1], lines.get(k).split(",")[1], "loss of iteration " + k);
        }
        Cli.png(out.resolve(TrainingRun.LOSS_PNG), Plots.WIDTH, Plots.HEIGHT);
    }

    @Test
    void resumingAFinishedCheckpointIsRefusedAndKeepsTheHistory() throws Exception {
        Path out = dir.resolve("out");
        Path ck = dir.resolve("ck.json");
        Cli.ok(run(out, ck, 40, false, "--no-plots"));
        List<String> before = Files.readAllLines(out.resolve(TrainingRun.HISTORY_CSV));
        Cli.Result again = Cli.run(run(out, ck, 40, true, "--no-plots"));
        assertEquals(Pontryagin.EXIT_FAILURE, again.exitCode(), again.err());
        assertTrue(again.err().contains("ask for more iterations"), again.err());
        assertEquals(before, Files.readAllLines(out.resolve(TrainingRun.HISTORY_CSV)));
    }

    @Test
    void staleTemporaryFilesOfKilledRunsAreRemoved() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        Path ck = dir.resolve("ck.json");
        List<Path> stale = List.of(dir.resolve(".ck.json.4242.tmp"), out.resolve(".layers.png.17.tmp"),
                out.resolve(".model.json.9.tmp"), out.resolve(".pontryagin-probe.5.tmp"));
        Path foreign = out.resolve(".notes.txt.3.tmp");
        for (Path p : stale) {
            Files.writeString(p, "half");
        }
        Files.writeString(foreign, "not ours");
        Cli.ok(run(out, ck, 10, false, "--no-plots"));
        for (Path p : stale) {
            assertFalse(Files.exists(p), p + " should have been removed");
        }
        assertTrue(Files.exists(foreign), "a temporary file of another program is left alone");
    }

    @Test
    void aSecondRunInTheSameOutputDirectoryIsRefused() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        try (RunChecks.Lock lock = RunChecks.lock(Pontryagin.commandLine(), "--out", out)) {
            Cli.Result r = Cli.run("train", "-q", "--points", "30", "--layers", "2", "--iterations", "5", "--out",
                    out.toString());
            assertEquals(Pontryagin.EXIT_USAGE, r.exitCode(), r.err());
            assertTrue(r.err().contains("in use by another run"), r.err());
            assertFalse(Files.exists(out.resolve(TrainingRun.MODEL_JSON)));
        }
        Cli.ok("train", "-q", "--points", "30", "--layers", "2", "--iterations", "5", "--no-plots", "--out",
                out.toString());
    }

    @Test
    void plotsOfADivergedRunAreSkippedWithANoteAndTheModelIsWritten() throws Exception {
        Path out = dir.resolve("out");
        Files.writeString(Files.createDirectories(out).resolve(TrainingRun.LAYERS_PNG), "an old plot");
        Cli.Result r = Cli.run("train", "-q", "--points", "100", "--layers", "5", "--iterations", "200",
                "--optimizer", "gd", "--lr", "1e6", "--head", "bce", "--overwrite", "--out", out.toString());
        assertEquals(Pontryagin.EXIT_DIVERGED, r.exitCode(), r.err());
        assertTrue(r.err().contains("training diverged: stopped at iteration"), r.err());
        assertTrue(Files.exists(out.resolve(TrainingRun.MODEL_JSON)));
        assertTrue(Files.exists(out.resolve(TrainingRun.HISTORY_CSV)));
        assertTrue(r.out().contains("final loss"), "the summary is printed: " + r.out());
        for (String png : TrainingRun.PLOT_FILES) {
            boolean skipped = r.err().contains("note: skipped " + png + ":");
            assertTrue(skipped != Files.exists(out.resolve(png)), png + " is either written or skipped with a note");
        }
        Path layers = out.resolve(TrainingRun.LAYERS_PNG);
        assertTrue(!Files.exists(layers) || javax.imageio.ImageIO.read(layers.toFile()) != null,
                "no plot of an earlier run is left");
    }

    @Test
    void plotGuardRefusesNonFiniteAndHugeValues() {
        Plots.requirePlottable("finite", new double[]{0, -1e12, 1e12});
        for (double bad : new double[]{Double.NaN, Double.POSITIVE_INFINITY, 1.0000001e12, -1e300}) {
            Plots.NotPlottable e = org.junit.jupiter.api.Assertions.assertThrows(Plots.NotPlottable.class,
                    () -> Plots.requirePlottable("the values", new double[]{1, bad}));
            assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
        }
    }
}
