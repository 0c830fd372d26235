package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import io.github.pontryagin.odenets.data.Dataset;
import io.github.pontryagin.odenets.data.DatasetCsv;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.plots.Plots;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code pontryagin datasets}: writes the paper's data sets as CSV and scatter plots. */
@Command(name = "datasets", mixinStandardHelpOptions = true,
        description = {"Writes the generated data sets (docs/theory.md section 4) as CSV (x1,...,xd,label) and a scatter plot: "
                + "<out>/<name>.csv and <out>/<name>.png."})
final class DatasetsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    OutputOptions output;

    @Option(names = "--datasets", paramLabel = "NAMES", split = ",", converter = Converters.DatasetName.class,
            completionCandidates = Choices.Datasets.class,
            description = "Data sets, comma-separated, of ${COMPLETION-CANDIDATES} (default: all).")
    List<DatasetGenerator> datasets;

    @Option(names = "--dataset", hidden = true, paramLabel = "NAMES", split = ",",
            converter = Converters.DatasetName.class, description = CliRules.DEPRECATED + "--datasets")
    List<DatasetGenerator> deprecatedDataset;

    @Option(names = "--points", paramLabel = "M", defaultValue = "1000", converter = Converters.PositiveInt.class,
            description = "Number of points (default: ${DEFAULT-VALUE}).")
    int points;

    @Option(names = "--noise", paramLabel = "S", converter = Converters.NonNegativeDouble.class,
            description = "Noise standard deviation (default: the data set's, docs/theory.md section 4).")
    Double noise;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<Path> files = new ArrayList<>();
        if (datasets == null) {
            datasets = DatasetGenerator.all();
        }
        for (DatasetGenerator generator : datasets) {
            Dataset data = noise == null ? generator.generate(points, seed) : generator.generate(points, seed, noise);
            Path csv = output.out.resolve(generator.label() + ".csv");
            Path png = output.out.resolve(output.plotFile(generator.label() + ".png"));
            DatasetCsv.write(data, csv);
            Plots.write(Plots.data(data, generator.label() + " (" + points + " points, seed " + seed + ")"), png,
                    output.plotFormat());
            files.add(csv);
            files.add(png);
        }
        CommandSupport.printFiles(out, files);
        return 0;
    }
}
