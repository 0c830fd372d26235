package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.export.NpyExport;
import io.github.pontryagin.odenets.export.OnnxExport;
import io.github.pontryagin.odenets.io.ModelFile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code pontryagin export}: a trained model as structured JSON, NumPy arrays per block, or ONNX. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Writes a model file (from 'train' or 'compare') for other tools (docs/export.md): "
                + "json = <out>/model-export.json, the layout of the 'gradient' file (tableau, field, every layer's "
                + "blocks and h, head) without data and gradient; npy = <out>/npy/<block>.npy, one NumPy array per "
                + "block, layers stacked on the first axis; onnx = <out>/model.onnx, the net unrolled into ONNX "
                + "operators (float64, opset 17; input 'x' [batch, d0], output 'probabilities' [batch, classes]); "
                + "explicit Runge-Kutta and plain layers only."})
final class ExportCommand implements Callable<Integer> {

    static final String JSON_FILE = "model-export.json";
    static final String NPY_DIR = "npy";
    static final String ONNX_FILE = "model.onnx";
    private static final List<String> FORMATS = List.of("json", "npy", "onnx");

    @Spec
    CommandSpec spec;

    @Option(names = "--model", paramLabel = "FILE", required = true, converter = Converters.ExistingFile.class,
            description = "Model file written by 'train' or 'compare'.")
    Path modelFile;

    @Option(names = "--format", paramLabel = "FORMAT", split = ",", defaultValue = "json,npy,onnx",
            description = "One or more of json, npy, onnx, comma-separated (default: ${DEFAULT-VALUE}).")
    List<String> formats;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "out/export",
            description = "Output directory, created if needed (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() throws Exception {
        CommandLine cl = spec.commandLine();
        Set<String> chosen = new LinkedHashSet<>();
        for (String format : formats) {
            String f = format.strip().toLowerCase(java.util.Locale.ROOT);
            if (!FORMATS.contains(f)) {
                throw new ParameterException(cl, "--format: '" + format + "' is not a format; expected one of "
                        + String.join(", ", FORMATS));
            }
            chosen.add(f);
        }
        RunChecks.requireDistinct(cl, Map.of("--model", modelFile), Map.of("--out", out.resolve(JSON_FILE)));
        RunChecks.requireWritableDirectory(cl, "--out", out);
        PrintWriter stdout = cl.getOut();
        try (OdeNet net = ModelFile.read(modelFile)) {
            if (chosen.contains("onnx")) {
                // refused before anything is written
                OnnxExport.unsupported(net).ifPresent(reason -> {
                    throw new ParameterException(cl, "--format onnx: " + modelFile + ": " + reason
                            + "; json and npy export every model");
                });
            }
            Files.createDirectories(out);
            stdout.printf("%s: %d parameters%n", ModelOptions.describe(net), net.parameters().length);
            if (chosen.contains("json")) {
                Path json = out.resolve(JSON_FILE);
                GradientExport.write(GradientExport.toJson(net), json);
                stdout.println("wrote " + json);
            }
            if (chosen.contains("npy")) {
                List<Path> files = NpyExport.write(net, out.resolve(NPY_DIR));
                stdout.println("wrote " + files.size() + " arrays in " + out.resolve(NPY_DIR) + ": "
                        + String.join(", ", files.stream().map(p -> p.getFileName().toString()).toList()));
            }
            if (chosen.contains("onnx")) {
                Path onnx = out.resolve(ONNX_FILE);
                OnnxExport.write(net, onnx);
                stdout.println("wrote " + onnx);
            }
            stdout.flush();
        }
        return 0;
    }
}
