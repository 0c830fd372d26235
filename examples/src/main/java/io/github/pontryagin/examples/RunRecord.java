package io.github.pontryagin.examples;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.pontryagin.core.kernel.VectorApi;
import io.github.pontryagin.odenets.io.AtomicFiles;
import io.github.pontryagin.odenets.train.TrainingResult;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * {@code run.json}, written beside {@code model.json}: everything needed to rerun a run — every option value after
 * defaults (and the command line that sets them all), the data source (each file with its SHA-256, or the generator
 * with its seed and sizes), the library version and kernels, the JDK, the thread count, start and end time and the
 * wall time — and the run's result. Written atomically, like the model file.
 */
final class RunRecord {

    /** The file name beside model.json. */
    static final String RUN_JSON = "run.json";

    private RunRecord() {
    }

    /** The library version: the jar's Implementation-Version, or "development" when run from a classes directory. */
    static String libraryVersion() {
        String version = RunRecord.class.getPackage().getImplementationVersion();
        return version == null ? "development (not run from a jar)" : version;
    }

    /**
     * Every option of the command with its value: as given on the command line (a deprecated alias under its current
     * name), else its default; options without a default and not given are null. Help options are left out.
     */
    static Map<String, Object> options(CommandSpec spec) {
        ParseResult parsed = spec.commandLine().getParseResult();
        Map<String, List<String>> given = new LinkedHashMap<>();
        if (parsed != null) {
            for (OptionSpec option : parsed.matchedOptions()) {
                String replacement = CliRules.replacement(option);
                given.put(replacement != null ? replacement : option.longestName(), option.originalStringValues());
            }
        }
        Map<String, Object> options = new LinkedHashMap<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden() || option.usageHelp() || option.versionHelp()) {
                continue;
            }
            String name = option.longestName();
            List<String> values = given.get(name);
            Object value;
            if (values != null) {
                if (option.arity().max() == 0) {
                    value = true;
                } else if (option.isMultiValue()) {
                    value = String.join(",", values);
                } else {
                    value = values.isEmpty() ? option.fallbackValue() : values.get(values.size() - 1);
                }
            } else if (option.arity().max() == 0) {
                value = false;
            } else {
                value = option.defaultValue();
            }
            options.put(name, value);
        }
        return options;
    }

    /**
     * A command line that sets every option of {@code options} that has a value (flags only when set): the options
     * given, then the defaults that {@link CliRules} accepts beside them (e.g. not the default {@code --points} of a
     * run on {@code --data}, nor {@code --checkpoint-every} without {@code --checkpoint}).
     */
    static List<String> commandLine(CommandSpec spec, Map<String, Object> options) {
        ParseResult parsed = spec.commandLine().getParseResult();
        java.util.Set<String> present = new java.util.HashSet<>();
        for (OptionSpec option : parsed.matchedOptions()) {
            String replacement = CliRules.replacement(option);
            present.add(replacement != null ? replacement : option.longestName());
        }
        List<String> args = new ArrayList<>(List.of("pontryagin", spec.name()));
        for (Map.Entry<String, Object> e : options.entrySet()) {
            String name = e.getKey();
            boolean given = present.contains(name);
            if (e.getValue() == null || Boolean.FALSE.equals(e.getValue())
                    || !given && CliRules.wouldRefuse(spec, name, present)) {
                continue;
            }
            present.add(name);
            args.add(e.getValue() instanceof Boolean ? name : name + "=" + e.getValue());
        }
        return args;
    }

    /** A data file with its SHA-256, or null for no file. */
    static Map<String, Object> file(Path path) throws IOException {
        if (path == null) {
            return null;
        }
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("path", path.toAbsolutePath().normalize().toString());
        f.put("bytes", Files.size(path));
        f.put("sha256", sha256(path));
        return f;
    }

    static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(path)) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The environment of this JVM: library version and kernels, JDK, operating system, processors. */
    static Map<String, Object> environment() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("library", libraryVersion());
        e.put("kernels", VectorApi.describe());
        e.put("jdk", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ", "
                + System.getProperty("java.vendor") + ")");
        e.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        e.put("processors", Runtime.getRuntime().availableProcessors());
        return e;
    }

    /** The result fields of a training run. */
    static Map<String, Object> result(TrainingResult result) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("iterations", result.iterations());
        r.put("finalLoss", finite(result.finalLoss()));
        r.put("trainAccuracy", finite(result.trainAccuracy()));
        r.put("testAccuracy", finite(result.testAccuracy()));
        r.put("trainingSeconds", result.wallTimeSeconds());
        r.put("stopReason", result.stopReason());
        return r;
    }

    private static Object finite(double x) {
        return Double.isFinite(x) ? x : null;
    }

    /**
     * Writes {@code run.json} into {@code dir} atomically.
     *
     * @param record the sections in order (command, options, data, environment, times, result)
     */
    static Path write(Path dir, Map<String, Object> record) throws IOException {
        return write(dir, RUN_JSON, record);
    }

    /** Writes the record into {@code dir/name} atomically. */
    static Path write(Path dir, String name, Map<String, Object> record) throws IOException {
        Path path = dir.resolve(name);
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        byte[] bytes = json.writeValueAsBytes(record);
        AtomicFiles.write(path, out -> {
            out.write(bytes);
            out.write('\n');
        });
        return path;
    }

    /**
     * Writes the record of a finished run of {@code spec}'s command into {@code dir/name} atomically: command,
     * arguments as typed, a command line that reruns it, every option after defaults, the net, {@code data}, the
     * environment, the thread count, the times from {@code start} / {@code startNanos} to now and the result.
     */
    static Path write(Path dir, String name, CommandSpec spec, io.github.pontryagin.odenets.OdeNet net,
                      Map<String, Object> data, int threads,
                      Instant start, long startNanos, TrainingResult result) throws IOException {
        Map<String, Object> options = options(spec);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("command", spec.name());
        record.put("arguments", spec.commandLine().getParseResult().originalArgs());
        record.put("rerun", String.join(" ", commandLine(spec, options)));
        record.put("options", options);
        record.put("model", ModelOptions.describe(net) + ", " + net.parameters().length + " parameters");
        record.put("data", data);
        record.put("environment", environment());
        record.put("threads", threads);
        record.put("times", times(start, Instant.now(), System.nanoTime() - startNanos));
        record.put("result", result(result));
        return write(dir, name, record);
    }

    /** The start, end and wall time of a run. */
    static Map<String, Object> times(Instant start, Instant end, long wallNanos) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("start", start.toString());
        t.put("end", end.toString());
        t.put("wallTimeSeconds", wallNanos * 1e-9);
        return t;
    }
}
