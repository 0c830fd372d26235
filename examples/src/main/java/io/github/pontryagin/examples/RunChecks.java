package io.github.pontryagin.examples;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.pontryagin.core.field.ParameterBlock;
import io.github.pontryagin.odenets.OdeNetBuilder;
import io.github.pontryagin.odenets.io.AtomicFiles;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;

/**
 * Checks a command makes before it starts its work, so that a run is refused in its first second rather
 * than failing after training: outputs that would overwrite inputs, output locations that cannot be
 * written, a second run in the same output directory, and sizes that do not fit in memory. Each failure is
 * a {@link ParameterException} (exit code 2) with one line naming the option, the value and what is
 * allowed.
 */
final class RunChecks {

    /** Name of the lock file a run holds in its output directory. */
    static final String LOCK_FILE = ".pontryagin.lock";
    /** Base name of the file created to probe that a directory is writable ({@code .pontryagin-probe.N.tmp}). */
    static final String PROBE = "pontryagin-probe";
    /** Share of the JVM's maximum heap a run may plan to use; the rest is left for plots, I/O and garbage. */
    static final double HEAP_SHARE = 0.8;

    private RunChecks() {
    }

    /**
     * Refuses an output that is the same file as an input, or as another output. Options with a null path
     * are ignored.
     *
     * @param inputs  option name → file read
     * @param outputs option name → file written
     */
    static void requireDistinct(CommandLine cl, Map<String, Path> inputs, Map<String, Path> outputs) {
        List<Map.Entry<String, Path>> seen = new ArrayList<>();
        for (Map.Entry<String, Path> output : outputs.entrySet()) {
            if (output.getValue() == null) {
                continue;
            }
            for (Map.Entry<String, Path> input : inputs.entrySet()) {
                if (input.getValue() != null && sameFile(output.getValue(), input.getValue())) {
                    throw new ParameterException(cl, output.getKey() + " " + output.getValue() + " is the input "
                            + input.getKey() + "; writing it would overwrite the input, choose another file");
                }
            }
            for (Map.Entry<String, Path> other : seen) {
                if (sameFile(output.getValue(), other.getValue())) {
                    throw new ParameterException(cl, output.getKey() + " " + output.getValue() + " is also "
                            + other.getKey() + "; two outputs cannot share one file");
                }
            }
            seen.add(output);
        }
    }

    /** Whether two paths name the same file: the same normalised absolute path, or the same existing file. */
    static boolean sameFile(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Creates {@code dir} if needed and checks that files can be created in it (by creating and removing one).
     *
     * @param option the option that named the directory, for the message
     */
    static void requireWritableDirectory(CommandLine cl, String option, Path dir) {
        requireNoFile(cl, option, dir);
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(absolute);
            Path probe = Files.createTempFile(absolute, "." + PROBE + ".", ".tmp");
            Files.delete(probe);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(cl, option + " " + dir + ": " + e.getFile()
                    + " is a file, so the directory cannot be created");
        } catch (IOException | SecurityException e) {
            throw new ParameterException(cl, option + " " + dir + " is not a writable directory ("
                    + Pontryagin.oneLine(Pontryagin.describe(e)) + ")");
        }
    }

    /**
     * Refuses an output directory that is an existing file, without creating anything (for commands that write
     * nothing until their results are complete).
     */
    static void requireNoFile(CommandLine cl, String option, Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new ParameterException(cl, option + " " + dir + " is a file; it must be a directory (or not exist)");
        }
    }

    /** Checks that the directory of an output file can be written (creating it if needed). */
    static void requireWritableParent(CommandLine cl, String option, Path file) {
        if (file == null) {
            return;
        }
        if (Files.isDirectory(file)) {
            throw new ParameterException(cl, option + " " + file + " is a directory; it must name a file");
        }
        Path parent = file.toAbsolutePath().normalize().getParent();
        requireWritableDirectory(cl, option + " (its directory)", parent);
    }

    /**
     * Removes temporary files that killed runs left beside the given outputs ({@link AtomicFiles#removeStale}).
     * Call only while holding the output directory's {@link #lock}.
     */
    static void removeStale(List<Path> outputs) throws IOException {
        for (Path p : outputs) {
            if (p != null) {
                AtomicFiles.removeStale(p);
            }
        }
    }

    /** The lock a run holds on its output directory; closing releases it (the lock file stays). */
    static final class Lock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private Lock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        @Override
        public void close() throws IOException {
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }

    /**
     * Locks {@code dir} (which must exist) for this run, or refuses when another run holds it: two runs
     * writing into one directory would leave a model of one beside the plots of the other. The operating
     * system releases the lock when the process ends, also when it is killed.
     */
    static Lock lock(CommandLine cl, String option, Path dir) throws IOException {
        Path file = dir.resolve(LOCK_FILE);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        if (lock == null) {
            channel.close();
            throw new ParameterException(cl, option + " " + dir + " is in use by another run (it holds " + file
                    + "); wait for it to finish or choose another " + option);
        }
        return new Lock(channel, lock);
    }

    /**
     * Refuses a run whose estimated memory ({@link OdeNetBuilder#estimatedBytes}) exceeds {@link #HEAP_SHARE}
     * of the JVM's maximum heap, or whose data would not fit in one array, before anything large is
     * allocated.
     *
     * @param settings the options that set the sizes, for the message, e.g. "--points 1000 --layers 20"
     */
    static void requireMemory(CommandLine cl, String settings, OdeNetBuilder builder, int inputDimension,
                              long dataPoints, long batchPoints) {
        long data = Math.max(dataPoints, batchPoints) * (long) Math.max(1, inputDimension);
        if (data > ParameterBlock.MAX_ENTRIES) {
            throw new ParameterException(cl, settings + ": the data would have " + data + " values, more than "
                    + ParameterBlock.TOO_LARGE + " (" + ParameterBlock.MAX_ENTRIES + "); use fewer points");
        }
        long need;
        try {
            long count = builder.parameterCount();
            if (count > ParameterBlock.MAX_ENTRIES) {
                throw new ParameterException(cl, settings + ": the net would have " + count + " parameters, more "
                        + "than " + ParameterBlock.TOO_LARGE + " (" + ParameterBlock.MAX_ENTRIES
                        + "); use fewer layers or a smaller"
                        + " width");
            }
            need = builder.estimatedBytes(dataPoints, batchPoints);
        } catch (IllegalArgumentException e) {
            // a size that does not fit is a usage error like the others here; other inconsistencies of the
            // settings stay what they are (exit code 1, as when the net is built)
            if (e.getMessage() != null && e.getMessage().contains(ParameterBlock.TOO_LARGE)) {
                throw new ParameterException(cl, settings + ": " + e.getMessage());
            }
            throw e;
        }
        long max = Runtime.getRuntime().maxMemory();
        if (need > HEAP_SHARE * max) {
            throw new ParameterException(cl, String.format(Locale.ROOT, "%s: the run needs about %s but the JVM "
                    + "may use %s (-Xmx); use fewer points or layers, a smaller width, or give Java more memory "
                    + "(JAVA_OPTS=-Xmx...)", settings, bytes(need), bytes(max)));
        }
    }

    /** Bytes in a short human form: 512 B, 3.2 MB, 41.0 GB, or "more than 9 EB". */
    static String bytes(long b) {
        if (b == Long.MAX_VALUE) {
            return "more than 9 EB";
        }
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double v = b;
        int u = 0;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return u == 0 ? b + " B" : String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /**
     * Refuses to replace the results of an earlier run: throws when {@code out} already holds one of {@code names}
     * (the files the command writes there), naming those found and {@code --overwrite}.
     */
    static void requireNoEarlierResults(CommandLine cl, Path out, List<String> names) {
        List<String> found = names.stream().filter(name -> Files.exists(out.resolve(name))).sorted().toList();
        if (!found.isEmpty()) {
            throw new ParameterException(cl, "--out " + out + " holds the results of an earlier run ("
                    + String.join(", ", found) + "); add --overwrite to replace them, or choose another --out");
        }
    }
}
