package io.github.pontryagin.examples;

import java.nio.file.Files;
import java.nio.file.Path;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.head.Heads;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Command-line value converters that check a value as it is parsed. Picocli turns their messages into
 * {@code Invalid value for option '--name': <message>}, so each message states the value and what is
 * accepted; the registries ({@link Registry#unknown}) already word theirs that way.
 */
final class Converters {

    private Converters() {
    }

    private static TypeConversionException rejected(String value, String expected) {
        return new TypeConversionException("'" + value + "' is not allowed; expected " + expected);
    }

    /** The value registered under {@code value}, or picocli's rejection with the registry's one-line message. */
    static <T> T lookup(Registry<T> registry, String value) {
        try {
            return registry.get(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The registered spelling of {@code value}, or picocli's rejection with the registry's one-line message. */
    static String name(Registry<?> registry, String value) {
        try {
            return registry.canonicalName(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** The integer {@code value}, or picocli's rejection naming the least one allowed. */
    private static int integerAtLeast(String value, int least) {
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= least) {
                return n;
            }
        } catch (NumberFormatException e) {
            // not an integer (or beyond int): rejected below, with the same message as one out of range
        }
        throw rejected(value, "an integer >= " + least);
    }

    /** A number of classes: an integer ≥ 2 (one class is nothing to tell apart). */
    static final class ClassCount implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integerAtLeast(value, 2);
        }
    }

    /** An integer ≥ 1. */
    static final class PositiveInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integerAtLeast(value, 1);
        }
    }

    /** An integer ≥ 0. */
    static final class NonNegativeInt implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return integerAtLeast(value, 0);
        }
    }

    /** A finite number &gt; 0. */
    static final class PositiveDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x = parse(value, "a finite number > 0");
            if (!(x > 0) || !Double.isFinite(x)) {
                throw rejected(value, "a finite number > 0");
            }
            return x;
        }
    }

    /** A finite number ≥ 0. */
    static final class NonNegativeDouble implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x = parse(value, "a finite number >= 0");
            if (!(x >= 0) || !Double.isFinite(x)) {
                throw rejected(value, "a finite number >= 0");
            }
            return x;
        }
    }

    /** A number in [0, 1). */
    static final class UnitInterval implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x = parse(value, "a number in [0, 1)");
            if (!(x >= 0 && x < 1)) {
                throw rejected(value, "a number in [0, 1)");
            }
            return x;
        }
    }

    private static double parse(String value, String expected) {
        try {
            return Double.parseDouble(value.trim());
        } catch (NumberFormatException e) {
            throw rejected(value, expected);
        }
    }

    /** A tableau name of {@link Tableau#registry()}. */
    static final class TableauName implements ITypeConverter<Tableau> {
        @Override
        public Tableau convert(String value) {
            return lookup(Tableau.registry(), value).get();
        }
    }

    /** A vector-field family of {@link VectorFields#registry()}, as registered. */
    static final class FieldFamily implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return name(VectorFields.registry(), value);
        }
    }

    static final class ActivationName implements ITypeConverter<Activation> {
        @Override
        public Activation convert(String value) {
            return lookup(Activation.registry(), value);
        }
    }

    static final class PlotFormatConverter implements ITypeConverter<io.github.pontryagin.plots.PlotFormat> {
        @Override
        public io.github.pontryagin.plots.PlotFormat convert(String value) {
            try {
                return io.github.pontryagin.plots.PlotFormat.byName(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not a plot format; expected one of "
                        + io.github.pontryagin.plots.PlotFormat.choices());
            }
        }
    }

    static final class StepSizes implements ITypeConverter<StepSizePolicy> {
        @Override
        public StepSizePolicy convert(String value) {
            return lookup(StepSizePolicy.registry(), value);
        }
    }

    static final class InitializationName implements ITypeConverter<Initialization> {
        @Override
        public Initialization convert(String value) {
            return lookup(Initialization.registry(), value);
        }
    }

    /** A head of {@link Heads#registry()}, as registered. */
    static final class HeadName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return name(Heads.registry(), value);
        }
    }

    /** An optimizer of {@link Optimizers#registry()}, as registered. */
    static final class OptimizerName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return name(Optimizers.registry(), value);
        }
    }

    /** A schedule of {@link io.github.pontryagin.core.optim.LearningRateSchedule#registry()}, as registered. */
    static final class ScheduleName implements ITypeConverter<String> {
        @Override
        public String convert(String value) {
            return name(io.github.pontryagin.core.optim.LearningRateSchedule.registry(), value);
        }
    }

    /** A structured layer update of {@link io.github.pontryagin.adjoint.LayerUpdate#structured()}. */
    static final class LayerUpdateName implements ITypeConverter<io.github.pontryagin.adjoint.LayerUpdate> {
        @Override
        public io.github.pontryagin.adjoint.LayerUpdate convert(String value) {
            return lookup(io.github.pontryagin.adjoint.LayerUpdate.structured(), value);
        }
    }

    /** An implicit tableau of {@link ImplicitTableau#registry()}. */
    static final class ImplicitTableauName implements ITypeConverter<ImplicitTableau> {
        @Override
        public ImplicitTableau convert(String value) {
            return lookup(ImplicitTableau.registry(), value).get();
        }
    }

    static final class DatasetName implements ITypeConverter<DatasetGenerator> {
        @Override
        public DatasetGenerator convert(String value) {
            return lookup(DatasetGenerator.registry(), value);
        }
    }

    static final class SuiteName implements ITypeConverter<Experiment.Suite> {
        @Override
        public Experiment.Suite convert(String value) {
            return lookup(Experiment.Suite.registry(), value).get();
        }
    }

    static final class ModelName implements ITypeConverter<Experiment.Model> {
        @Override
        public Experiment.Model convert(String value) {
            return lookup(Experiment.Model.registry(), value);
        }
    }

    /** A path to a regular file that exists and can be read. */
    static final class ExistingFile implements ITypeConverter<Path> {
        @Override
        public Path convert(String value) {
            Path path = Path.of(value);
            if (!Files.isRegularFile(path)) {
                throw new TypeConversionException("file '" + value + "' does not exist or is not a regular file");
            }
            if (!Files.isReadable(path)) {
                throw new TypeConversionException("file '" + value + "' is not readable");
            }
            return path;
        }
    }

    /** A progress mode: auto, bar, lines or none. */
    static final class ProgressMode implements ITypeConverter<ProgressOptions.Mode> {
        @Override
        public ProgressOptions.Mode convert(String value) {
            for (ProgressOptions.Mode mode : ProgressOptions.Mode.values()) {
                if (mode.name().equalsIgnoreCase(value.trim())) {
                    return mode;
                }
            }
            throw rejected(value, "auto, bar, lines or none");
        }
    }
}
