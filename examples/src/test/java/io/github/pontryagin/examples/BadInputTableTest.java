package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every bad input found by probing the command line as a hostile user (issue 18), with the exit code and the
 * words the one-line message must hold. Each case runs in its own directory; none may hang (a timeout per
 * case), print a stack trace or more than one line on standard error, except the notes of skipped plots.
 */
class BadInputTableTest {

    /** Number of cases in {@link #cases()}, reported in docs/reliability.md. */
    static final int CASES = 51;

    @TempDir
    static Path shared;
    private static Path modelFile;
    private static Path checkpoint;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One bad input: a name, the arguments (built in a fresh directory), the exit code and message words. */
    record Case(String name, Function<Path, String[]> args, int exit, String... mustContain) {
    }

    @BeforeAll
    static void trainedFiles() {
        Path base = shared.resolve("base");
        checkpoint = shared.resolve("ck.json");
        Cli.ok("train", "-q", "--points", "60", "--layers", "3", "--iterations", "40", "--checkpoint",
                checkpoint.toString(), "--checkpoint-every", "20", "--no-plots", "--out", base.toString());
        modelFile = base.resolve("model.json");
    }

    private static String write(Path dir, String name, String text) {
        try {
            Path p = dir.resolve(name);
            Files.createDirectories(p.getParent());
            Files.writeString(p, text, StandardCharsets.UTF_8);
            return p.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String points(Path dir) {
        return write(dir, "points.csv", "0.1,0.2\n0.3,-0.4\n");
    }

    /** The trained model with its JSON changed by {@code edit}. */
    private static String model(Path dir, java.util.function.Consumer<ObjectNode> edit) {
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(modelFile.toFile());
            edit.accept(root);
            Path p = dir.resolve("edited.json");
            JSON.writeValue(p.toFile(), root);
            return p.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String[] a(String... args) {
        return args;
    }

    static List<Case> cases() {
        List<Case> c = new ArrayList<>();
        String train = "train";
        // 1, 2: diverging runs with plots: no hang, no chart crash, the guard's message and exit code 3
        c.add(new Case("diverging bce run with plots", d -> a(train, "-q", "--points", "100", "--layers", "5",
                "--iterations", "200", "--optimizer", "gd", "--lr", "1e6", "--head", "bce", "--out", d.toString()),
                Pontryagin.EXIT_DIVERGED, "training diverged", "stopped at iteration"));
        c.add(new Case("diverging softmax identity run with plots", d -> a(train, "-q", "--points", "100", "--layers",
                "5", "--iterations", "200", "--optimizer", "gd", "--lr", "1e6", "--head", "softmax", "--activation",
                "identity", "--out", d.toString()), Pontryagin.EXIT_DIVERGED, "training diverged"));
        // 3: sizes checked up front, no OutOfMemoryError, no overflow
        c.add(new Case("100 million layers", d -> a(train, "-q", "--layers", "100000000", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--layers 100000000", "JVM may use"));
        c.add(new Case("100 million points", d -> a(train, "-q", "--points", "100000000", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--points 100000000", "needs about"));
        c.add(new Case("2 billion points", d -> a(train, "-q", "--points", "2000000000", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--points 2000000000"));
        c.add(new Case("width 20000", d -> a(train, "-q", "--width", "20000", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--width 20000"));
        c.add(new Case("width 100000", d -> a(train, "-q", "--width", "100000", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--width 100000", "more than one array holds"));
        c.add(new Case("hidden width 1e9", d -> a(train, "-q", "--field", "two-layer", "--hidden-width",
                "1000000000", "--out", d.toString()), Pontryagin.EXIT_USAGE, "hidden width 1000000000",
                "more than one array holds"));
        c.add(new Case("softmax label 2e9", d -> a(train, "-q", "--head", "softmax", "--data",
                write(d, "big-label.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,2000000000\n"), "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "2000000001 classes"));
        c.add(new Case("one class", d -> a(train, "-q", "--classes", "1", "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "--classes", "'1' is not allowed; expected an integer >= 2"));
        c.add(new Case("model file with a billion layers", d -> a("predict", "--model",
                model(d, r -> ((ObjectNode) r.get("architecture")).put("layers", 1000000000)), "--input", points(d),
                "--output-file", d.resolve("p.csv").toString()), Pontryagin.EXIT_FAILURE, "edited.json",
                "'parameters' has", "needs"));
        // 4: predict reads what the file says, or refuses
        c.add(new Case("1-D file with header for a 2-D model", d -> a("predict", "--model", modelFile.toString(),
                "--input", write(d, "one.csv", "x1,label\n0.5,1\n-0.5,0\n"), "--output-file", d.resolve("p.csv")
                        .toString()), Pontryagin.EXIT_FAILURE, "one.csv:1", "header names 1 input column", "takes 2"));
        c.add(new Case("3 unlabelled columns for a 2-D model", d -> a("predict", "--model", modelFile.toString(),
                "--input", write(d, "three.csv", "x1,x2,x3\n0.5,1,2\n"), "--output-file", d.resolve("p.csv").toString()),
                Pontryagin.EXIT_FAILURE, "three.csv:1", "header names 3 input columns"));
        c.add(new Case("labels beyond the model's classes", d -> a("predict", "--model", modelFile.toString(),
                "--input", write(d, "labels.csv", "x1,x2,label\n0.5,1,0\n0.1,0.2,2\n0.3,0.3,3\n"), "--output-file",
                d.resolve("p.csv").toString()), Pontryagin.EXIT_FAILURE, "labels.csv:3", "0..1", "'2'"));
        // 5: finite parameters, NaN probabilities
        c.add(new Case("model whose probabilities are NaN", d -> a("predict", "--model", model(d, r -> {
            ArrayNode p = (ArrayNode) r.get("parameters");
            for (int i = 0; i < p.size(); i++) {
                p.set(i, JSON.getNodeFactory().numberNode(i % 2 == 0 ? 1e300 : -1e300));
            }
        }), "--input", points(d), "--output-file", d.resolve("p.csv").toString()), Pontryagin.EXIT_FAILURE,
                "cannot predict", "line 1"));
        // 6: options that were ignored, resume that accepted another run
        c.add(new Case("--test-data without --data", d -> a(train, "-q", "--test-data", points(d), "--out",
                d.toString()), Pontryagin.EXIT_USAGE, "--test-data", "needs --data"));
        c.add(new Case("resume with other data", d -> a(train, "-q", "--points", "70", "--layers", "3",
                "--iterations", "60", "--resume", checkpoint.toString(), "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "trainingData", "60 points", "now 70 points"));
        c.add(new Case("resume with another optimizer", d -> a(train, "-q", "--points", "60", "--iterations", "60",
                "--resume", checkpoint.toString(), "--optimizer", "gd", "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "optimizer adam (now gd)"));
        c.add(new Case("resume with another learning rate", d -> a(train, "-q", "--points", "60", "--iterations",
                "60", "--resume", checkpoint.toString(), "--lr", "0.5", "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "learningRate", "now 0.5"));
        c.add(new Case("resume with another seed", d -> a(train, "-q", "--points", "60", "--iterations", "60",
                "--resume", checkpoint.toString(), "--seed", "5", "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "seed 1 (now 5)"));
        c.add(new Case("resume with another chunk size", d -> a(train, "-q", "--points", "60", "--iterations", "60",
                "--resume", checkpoint.toString(), "--chunk-size", "16", "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "chunkSize 256 (now 16)"));
        c.add(new Case("resume with iterations at the checkpoint's", d -> a(train, "-q", "--points", "60",
                "--iterations", "40", "--resume", checkpoint.toString(), "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "at iteration 40", "ask for more iterations"));
        c.add(new Case("resume with iterations below the checkpoint's", d -> a(train, "-q", "--points", "60",
                "--iterations", "10", "--resume", checkpoint.toString(), "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_FAILURE, "at iteration 40", "stops at iteration 10"));
        c.add(new Case("version-1 checkpoint of a net with a learnable lift", d -> {
            Path lifted = d.resolve("lift-ck.json");
            Cli.ok(train, "-q", "--points", "60", "--learnable-lift", "--iterations", "20", "--checkpoint",
                    lifted.toString(), "--checkpoint-every", "20", "--no-plots", "--out", d.resolve("first").toString());
            try {
                ObjectNode root = (ObjectNode) JSON.readTree(lifted.toFile());
                root.put("formatVersion", 1);
                JSON.writeValue(lifted.toFile(), root);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return a(train, "-q", "--points", "60", "--learnable-lift", "--iterations", "40", "--resume",
                    lifted.toString(), "--no-plots", "--out", d.resolve("second").toString());
        }, Pontryagin.EXIT_FAILURE, "lift-ck.json", "checkpoint version 1 of a net with a learnable lift",
                "resume it with the version that wrote it"));
        // 7: divergence without NaN: parameters beyond the guard's bound
        c.add(new Case("parameters growing without bound", d -> a(train, "-q", "--points", "100", "--layers", "5",
                "--iterations", "200", "--optimizer", "gd", "--lr", "1e200", "--no-plots", "--out", d.toString()),
                Pontryagin.EXIT_DIVERGED, "training diverged"));
        // 9: outputs that are inputs
        c.add(new Case("--checkpoint is --data", d -> {
            String data = write(d, "data.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n");
            return a(train, "-q", "--data", data, "--checkpoint", data, "--out", d.resolve("o").toString());
        }, Pontryagin.EXIT_USAGE, "--checkpoint", "is the input --data"));
        c.add(new Case("--model is --data", d -> {
            String data = write(d, "data.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n");
            return a(train, "-q", "--data", data, "--model", data, "--out", d.resolve("o").toString());
        }, Pontryagin.EXIT_USAGE, "--model", "is the input --data"));
        c.add(new Case("--checkpoint is --test-data", d -> {
            String data = write(d, "data.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n");
            String test = write(d, "test.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n");
            return a(train, "-q", "--data", data, "--test-data", test, "--checkpoint", test, "--out",
                    d.resolve("o").toString());
        }, Pontryagin.EXIT_USAGE, "is the input --test-data"));
        c.add(new Case("--data inside --out as history.csv", d -> {
            String data = write(d, "o/history.csv", "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n");
            return a(train, "-q", "--data", data, "--out", d.resolve("o").toString());
        }, Pontryagin.EXIT_USAGE, "history.csv", "is the input --data"));
        c.add(new Case("--model is --resume", d -> a(train, "-q", "--points", "60", "--iterations", "60",
                "--resume", checkpoint.toString(), "--model", checkpoint.toString(), "--out", d.toString()),
                Pontryagin.EXIT_USAGE, "is the input --resume"));
        c.add(new Case("predict --output is --input", d -> {
            String input = points(d);
            return a("predict", "--model", modelFile.toString(), "--input", input, "--output-file", input);
        }, Pontryagin.EXIT_USAGE, "--output-file", "is the input --input"));
        c.add(new Case("predict --output is --model", d -> a("predict", "--model", modelFile.toString(), "--input",
                points(d), "--output-file", modelFile.toString()), Pontryagin.EXIT_USAGE, "is the input --model"));
        // 10: output locations checked before training
        c.add(new Case("--out is a file", d -> a(train, "-q", "--out", write(d, "file.txt", "x")),
                Pontryagin.EXIT_USAGE, "--out", "is a file"));
        c.add(new Case("--out below a file", d -> a(train, "-q", "--out", write(d, "file.txt", "x") + "/sub"),
                Pontryagin.EXIT_USAGE, "--out", "is not a writable directory"));
        c.add(new Case("--checkpoint below a file", d -> a(train, "-q", "--checkpoint",
                write(d, "file.txt", "x") + "/ck.json", "--out", d.resolve("o").toString()), Pontryagin.EXIT_USAGE,
                "--checkpoint"));
        // unclear errors
        c.add(new Case("CSV that is not UTF-8", d -> {
            Path p = d.resolve("latin1.csv");
            try {
                Files.createDirectories(d);
                Files.write(p, "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1 caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return a(train, "-q", "--data", p.toString(), "--out", d.resolve("o").toString());
        }, Pontryagin.EXIT_FAILURE, "latin1.csv:3", "not UTF-8"));
        c.add(new Case("tableau b shorter than a", d -> a("predict", "--model", model(d, r -> {
            ArrayNode b = (ArrayNode) r.get("tableau").get("b");
            b.remove(b.size() - 1);
        }), "--input", points(d), "--output-file", d.resolve("p.csv").toString()), Pontryagin.EXIT_FAILURE,
                "tableau 'b' has 3 entries but 'a' has 4 rows"));
        c.add(new Case("a line of two million columns", d -> {
            StringBuilder wide = new StringBuilder("x1,x2,label\n0.1,0.2,0\n");
            for (int i = 0; i < 2_000_000; i++) {
                wide.append("1,");
            }
            return a(train, "-q", "--data", write(d, "wide.csv", wide.append("0\n").toString()), "--out",
                    d.resolve("o").toString());
        }, Pontryagin.EXIT_FAILURE, "wide.csv:3", "expected 3 columns", "(4000001 characters)"));
        // issue 19: conflicting or ignored options, misspellings, reused output folders
        c.add(new Case("--epochs with --iterations", d -> a(train, "--epochs", "2", "--iterations", "5", "--out",
                d.resolve("o").toString()), Pontryagin.EXIT_USAGE, "--epochs and --iterations exclude each other"));
        c.add(new Case("gradcheck --test-data", d -> a("gradcheck", "--data", points(d), "--test-data", points(d)),
                Pontryagin.EXIT_USAGE, "--test-data is not used by gradcheck"));
        c.add(new Case("gradient --test-data", d -> a("gradient", "--data", points(d), "--test-data", points(d),
                "--output-file", d.resolve("g.json").toString()), Pontryagin.EXIT_USAGE,
                "--test-data is not used by gradient"));
        c.add(new Case("datasets -q", d -> a("datasets", "-q", "--out", d.toString()), Pontryagin.EXIT_USAGE,
                "Unknown option: '-q'"));
        c.add(new Case("--tablau", d -> a(train, "--tablau", "rk4"), Pontryagin.EXIT_USAGE, "'--tablau'",
                "did you mean --tableau?"));
        c.add(new Case("trian", d -> a("trian", "--layers", "3"), Pontryagin.EXIT_USAGE, "'trian'",
                "did you mean train?"));
        c.add(new Case("--data with --points", d -> a(train, "--data", points(d), "--points", "30"),
                Pontryagin.EXIT_USAGE, "--data and --points exclude each other"));
        c.add(new Case("--labels without --data", d -> a(train, "--labels", points(d)), Pontryagin.EXIT_USAGE,
                "--labels needs --data"));
        c.add(new Case("--swag-rank without --average", d -> a(train, "--swag-rank", "3"), Pontryagin.EXIT_USAGE,
                "--swag-rank needs --average"));
        c.add(new Case("--implicit with --no-skip", d -> a(train, "--implicit", "gauss2", "--no-skip"),
                Pontryagin.EXIT_USAGE, "--implicit", "--no-skip", "exclude each other"));
        c.add(new Case("--resume with --average", d -> a(train, "--resume", checkpoint.toString(), "--average",
                "swa"), Pontryagin.EXIT_USAGE, "--resume and --average exclude each other", "before the checkpoint"));
        c.add(new Case("old and new name together", d -> a("compare", "--jobs", "2", "--threads", "2"),
                Pontryagin.EXIT_USAGE, "--jobs and --threads are the same option"));
        c.add(new Case("results of an earlier run in --out", d -> a(train, "-q", "--points", "20", "--iterations",
                "2", "--out", write(d, "o/model.json", "{}").replace("/model.json", "")), Pontryagin.EXIT_USAGE,
                "holds the results of an earlier run (model.json)", "--overwrite"));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputEndsWithItsExitCodeAndOneLine() {
        List<Case> cases = cases();
        assertEquals(CASES, cases.size(), "update CASES (and docs/reliability.md)");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Path dir = shared.resolve(c.name().replaceAll("[^A-Za-z0-9]+", "-"));
            Files.createDirectories(dir);
            String[] args = c.args().apply(dir);
            Cli.Result r = assertTimeoutPreemptively(Duration.ofSeconds(120), () -> Cli.run(args));
            assertEquals(c.exit(), r.exitCode(), () -> c.name() + ": exit code; stderr: " + r.err());
            List<String> lines = r.err().lines().filter(l -> !l.startsWith("note: skipped ")).toList();
            assertEquals(1, lines.size(), () -> c.name() + ": expected one line on stderr, got:\n" + r.err());
            String line = lines.get(0);
            assertTrue(line.length() < 1000, () -> c.name() + ": a line of " + line.length() + " characters");
            assertFalse(line.contains("Exception") || line.contains("internal error") || line.contains("\tat "),
                    () -> c.name() + ": " + line);
            for (String word : c.mustContain()) {
                assertTrue(line.contains(word), () -> c.name() + ": '" + line + "' should contain '" + word + "'");
            }
        }));
    }
}
