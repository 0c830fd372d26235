package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.data.Datasets;
import io.github.pontryagin.odenets.data.NpyFile;

/** The data options of the command line: formats, label column, classes, validation split; and {@code mnist}. */
class DataFilesCliTest {

    @TempDir
    Path dir;

    @Test
    void oneDimensionalTestFileForATwoDimensionalTrainingSetIsRejectedWithItsName() throws Exception {
        Path train = dir.resolve("train.csv");
        DatasetCsv.write(Datasets.squares(40, 1), train);
        Path test = dir.resolve("test.csv");
        DatasetCsv.write(Datasets.donut1d(40, 1), test);
        Cli.Result r = Cli.run("train", "-q", "--no-plots", "--data", train.toString(), "--test-data", test.toString(),
                "--iterations", "2", "--out", dir.toString());
        assertTrue(r.exitCode() != 0, r.out());
        assertTrue(r.err().contains(test + ":"), r.err());
        assertTrue(r.err().contains("model of input dimension 2"), r.err());
        assertFalse(r.err().strip().contains("\n"), "one line: " + r.err());
    }

    @Test
    void labelOutsideTheGivenClassesIsRejected() throws Exception {
        Path train = dir.resolve("seven.csv");
        Files.writeString(train, "x1,x2,label\n0.1,0.2,1\n0.3,0.4,7\n");
        Cli.Result r = Cli.run("train", "-q", "--no-plots", "--data", train.toString(), "--classes", "2",
                "--iterations", "2", "--out", dir.toString());
        assertTrue(r.exitCode() != 0);
        assertTrue(r.err().contains(train + ":3: label 7 is not one of the allowed classes [0, 1]"), r.err());
    }

    @Test
    void labelColumnAndNpyFilesAndValidationSplitTrain() throws Exception {
        Dataset squares = Datasets.squares(60, 3);
        Path csv = dir.resolve("first.csv");
        StringBuilder text = new StringBuilder("label,\"a, first\",b\n");
        for (int k = 0; k < squares.size(); k++) {
            text.append(squares.label(k)).append(',').append(squares.feature(0, k)).append(',')
                    .append(squares.feature(1, k)).append('\n');
        }
        Files.writeString(csv, text);
        Cli.Result fromCsv = Cli.ok("train", "-q", "--no-plots", "--data", csv.toString(), "--label-column", "label",
                "--validation-split", "0.25", "--layers", "2", "--iterations", "5", "--keep-best",
                "--out", dir.resolve("a").toString());
        assertTrue(fromCsv.out().contains("(45 training, 15 test points)"), fromCsv.out());

        Path x = dir.resolve("x.npy");
        Path y = dir.resolve("y.npy");
        NpyFile.writeDataset(squares, x, y);
        Cli.Result fromNpy = Cli.ok("train", "-q", "--no-plots", "--data", x.toString(), "--labels", y.toString(),
                "--validation-split", "0.25", "--layers", "2", "--iterations", "5", "--keep-best",
                "--out", dir.resolve("b").toString());
        // the same points in the same order give the same run
        assertEquals(summary(fromCsv.out()), summary(fromNpy.out()));
    }

    private static List<String> summary(String out) {
        // without the wall time, which differs between runs
        return out.lines().filter(l -> l.contains("accuracy") || l.contains("loss"))
                .map(l -> l.replaceAll(" in [0-9.]+ s", "")).toList();
    }

    /** An IDX file of unsigned bytes. */
    private static byte[] idx(int[] dims, byte[] payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(payload);
        return bytes.toByteArray();
    }

    @Test
    void mnistCommandTrainsOnTinyIdxFilesAndWritesModelAndHistory() throws Exception {
        Path mnist = tinyMnist();
        Path out = dir.resolve("out");
        Cli.Result r = Cli.ok("mnist", "-q", "--mnist-dir", mnist.toString(), "--width", "6", "--layers", "2",
                "--epochs", "3", "--batch-size", "9", "--lr", "0.05", "--out", out.toString());
        assertTrue(r.out().contains("54 training, 6 validation, 20 test images; lift 16 -> 6"), r.out());
        assertTrue(r.out().contains("learned h_n: "), r.out());
        List<String> history = Files.readAllLines(out.resolve(MnistCommand.HISTORY_CSV));
        assertEquals("epoch,iteration,batch_loss,train_accuracy,validation_accuracy,seconds,training_seconds", history.get(0));
        assertEquals(4, history.size(), history.toString());
        assertTrue(Files.size(out.resolve(MnistCommand.MODEL_JSON)) > 0);
        // the run record: every option, the four IDX files with their checksums, a command line to rerun it
        String record = Files.readString(out.resolve(MnistCommand.RUN_JSON));
        assertTrue(record.contains("\"command\" : \"mnist\""), record);
        assertTrue(record.contains("\"rerun\""), record);
        assertTrue(record.contains(RunRecord.sha256(mnist.resolve("t10k-labels-idx1-ubyte"))), record);
        assertTrue(record.contains("\"--width\" : \"6\""), record);
        // the same command again would replace those results: refused in one line without --overwrite
        String[] again = {"mnist", "-q", "--mnist-dir", mnist.toString(), "--width", "6", "--layers", "2",
                "--epochs", "1", "--batch-size", "9", "--lr", "0.05", "--out", out.toString()};
        Cli.Result refused = Cli.run(again);
        assertEquals(Pontryagin.EXIT_USAGE, refused.exitCode(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("holds the results of an earlier run") && refused.err().contains("--overwrite"),
                refused.err());
        String[] overwriting = java.util.Arrays.copyOf(again, again.length + 1);
        overwriting[again.length] = "--overwrite";
        Cli.ok(overwriting);
        Cli.Result missing = Cli.run("mnist", "-q", "--mnist-dir", dir.resolve("nowhere").toString());
        assertEquals(Pontryagin.EXIT_USAGE, missing.exitCode(), missing.err());
        assertTrue(missing.err().contains("--mnist-dir " + dir.resolve("nowhere") + ": no such directory"),
                missing.err());
    }

    /**
     * Bad input to {@code mnist} that used to surface only after the whole training, or as a stack trace: each is
     * one line on stderr with its exit code, and nothing is written.
     */
    @Test
    void mnistRefusesBadInputBeforeTrainingInOneLine() throws Exception {
        Path mnist = tinyMnist();
        Path file = Files.writeString(dir.resolve("a-file.txt"), "not a directory");
        String[] common = {"mnist", "-q", "--mnist-dir", mnist.toString(), "--layers", "2",
                "--epochs", "1", "--batch-size", "9", "--progress", "none"};
        record Case(int exit, String expected, String... args) { }
        List<Case> cases = List.of(
                new Case(Pontryagin.EXIT_USAGE, "--out " + file + " is a file; it must be a directory",
                        "--width", "6", "--out", file.toString()),
                new Case(Pontryagin.EXIT_USAGE, "--optimizer gauss-newton needs the full batch",
                        "--optimizer", "gauss-newton", "--width", "6", "--out", dir.resolve("o1").toString()),
                new Case(Pontryagin.EXIT_USAGE, "--validation-split 0.999999 holds out all 5 training images of "
                        + "--train-limit 5", "--validation-split", "0.999999", "--train-limit", "5",
                        "--width", "6", "--out", dir.resolve("o2").toString()),
                new Case(Pontryagin.EXIT_USAGE, "--width 20000, --layers 2: the run needs about",
                        "--width", "20000", "--out", dir.resolve("o3").toString()));
        for (Case c : cases) {
            String[] args = java.util.Arrays.copyOf(common, common.length + c.args().length);
            System.arraycopy(c.args(), 0, args, common.length, c.args().length);
            Cli.Result r = Cli.run(args);
            assertEquals(c.exit(), r.exitCode(), String.join(" ", c.args()) + ": " + r.err());
            assertEquals(1, r.err().lines().count(), r.err());
            assertTrue(r.err().contains(c.expected()), r.err());
            assertTrue(r.out().isEmpty(), "nothing trained: " + r.out());
        }
        assertFalse(Files.exists(dir.resolve("o1")) && Files.list(dir.resolve("o1")).findAny().isPresent());

        // a label that is not a digit: refused when the files are read, naming the file
        Path bad = dir.resolve("badlabel");
        Files.createDirectories(bad);
        for (String name : List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte",
                "t10k-labels-idx1-ubyte")) {
            Files.copy(mnist.resolve(name), bad.resolve(name));
        }
        byte[] labels = Files.readAllBytes(bad.resolve("t10k-labels-idx1-ubyte"));
        labels[8 + 12] = 42;
        Files.write(bad.resolve("t10k-labels-idx1-ubyte"), labels);
        String[] withBad = common.clone();
        withBad[3] = bad.toString();
        Path out = dir.resolve("o4");
        String[] badArgs = java.util.Arrays.copyOf(withBad, withBad.length + 4);
        System.arraycopy(new String[] {"--width", "6", "--out", out.toString()}, 0, badArgs, withBad.length, 4);
        Cli.Result r = Cli.run(badArgs);
        assertEquals(Pontryagin.EXIT_FAILURE, r.exitCode(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(bad.resolve("t10k-labels-idx1-ubyte") + ": label 42 of point 12 is not one of the "
                + "model's classes 0..9"), r.err());
        assertFalse(Files.exists(out.resolve(MnistCommand.MODEL_JSON)));

        // a diverging run: exit code 3 and one line on stderr, the files keep the parameters before the bad step
        String[] diverging = java.util.Arrays.copyOf(common, common.length + 6);
        System.arraycopy(new String[] {"--width", "6", "--lr", "1e308", "--out", dir.resolve("o5").toString()}, 0,
                diverging, common.length, 6);
        Cli.Result d = Cli.run(diverging);
        assertEquals(Pontryagin.EXIT_DIVERGED, d.exitCode(), d.err());
        assertTrue(d.err().contains("pontryagin mnist: training diverged: stopped at iteration 1"), d.err());
        assertTrue(Files.exists(dir.resolve("o5").resolve(MnistCommand.MODEL_JSON)));
    }

    @Test
    void jitWarmUpLeavesTheTrainedModelBitForBitTheSame() throws Exception {
        Path mnist = tinyMnist();
        String[] common = {"mnist", "-q", "--mnist-dir", mnist.toString(), "--width", "6", "--layers", "2",
                "--epochs", "2", "--batch-size", "9", "--lr", "0.05", "--threads", "2", "--out"};
        String[] warm = java.util.Arrays.copyOf(common, common.length + 1);
        warm[common.length] = dir.resolve("warm").toString();
        String[] cold = java.util.Arrays.copyOf(common, common.length + 2);
        cold[common.length] = dir.resolve("cold").toString();
        cold[common.length + 1] = "--no-jit-warm-up";
        Cli.ok(warm);
        Cli.ok(cold);
        assertEquals(Files.readString(dir.resolve("cold").resolve(MnistCommand.MODEL_JSON)),
                Files.readString(dir.resolve("warm").resolve(MnistCommand.MODEL_JSON)));
        // the losses and accuracies of every epoch: the history's five columns before its timings
        assertEquals(scores(dir.resolve("cold")), scores(dir.resolve("warm")));
    }

    private static List<String> scores(Path out) throws java.io.IOException {
        return Files.readAllLines(out.resolve(MnistCommand.HISTORY_CSV)).stream()
                .map(line -> String.join(",", List.of(line.split(",")).subList(0, 5)))
                .toList();
    }

    /** Four tiny IDX files in the MNIST naming: 60 training and 20 test images of 4 × 4 pixels. */
    private Path tinyMnist() throws java.io.IOException {
        Path mnist = dir.resolve("mnist");
        Files.createDirectories(mnist);
        SplittableRandom random = new SplittableRandom(1);
        for (String part : List.of("train", "t10k")) {
            int m = part.equals("train") ? 60 : 20;
            byte[] pixels = new byte[m * 16];
            byte[] labels = new byte[m];
            for (int k = 0; k < m; k++) {
                labels[k] = (byte) (k % 10);
                for (int i = 0; i < 16; i++) {
                    // each digit lights up its own pixel, plus noise
                    pixels[k * 16 + i] = (byte) (i == labels[k] ? 250 : random.nextInt(40));
                }
            }
            Files.write(mnist.resolve(part + "-images-idx3-ubyte"), idx(new int[] {m, 4, 4}, pixels));
            Files.write(mnist.resolve(part + "-labels-idx1-ubyte"), idx(new int[] {m}, labels));
        }
        return mnist;
    }
}
