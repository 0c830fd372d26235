package io.github.pontryagin.examples;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

import io.github.pontryagin.core.Registry;
import io.github.pontryagin.core.field.Activation;
import io.github.pontryagin.core.field.VectorFields;
import io.github.pontryagin.core.optim.OptimizerFactory;
import io.github.pontryagin.core.optim.Optimizers;
import io.github.pontryagin.core.tableau.ImplicitTableau;
import io.github.pontryagin.core.tableau.Tableau;
import io.github.pontryagin.odenets.Initialization;
import io.github.pontryagin.odenets.StepSizePolicy;
import io.github.pontryagin.odenets.data.DatasetGenerator;
import io.github.pontryagin.odenets.head.Heads;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The names an option accepts, read from the library's registries, for picocli's {@code completionCandidates}:
 * help texts show them with {@code ${COMPLETION-CANDIDATES}}, and a "Choices" section of {@code --help} lists
 * each with its one-line description, so a new registry entry appears in every {@code --help} without editing a
 * command.
 */
final class Choices {

    /** The key of the help section added by {@link #addHelpSection(CommandLine)}. */
    static final String SECTION_KEY = "choices";

    private Choices() {
    }

    /** Adds, to {@code commandLine} and its subcommands, a section listing every choice of its name options. */
    static void addHelpSection(CommandLine commandLine) {
        List<String> keys = new ArrayList<>(commandLine.getHelpSectionKeys());
        if (!keys.contains(SECTION_KEY)) {
            keys.add(keys.indexOf(UsageMessageSpec.SECTION_KEY_FOOTER_HEADING), SECTION_KEY);
            commandLine.setHelpSectionKeys(keys);
        }
        commandLine.getHelpSectionMap().put(SECTION_KEY, help -> render(help.commandSpec()));
        commandLine.getSubcommands().values().forEach(Choices::addHelpSection);
    }

    private static String render(CommandSpec spec) {
        StringBuilder s = new StringBuilder();
        for (OptionSpec option : spec.options()) {
            if (!(option.completionCandidates() instanceof Names names)) {
                continue;
            }
            s.append("  ").append(option.longestName()).append(" (").append(names.registry.kind()).append(")")
                    .append(System.lineSeparator());
            int width = names.registry.names().stream().mapToInt(String::length).max().orElse(0);
            for (Registry.Entry<?> e : names.registry.entries()) {
                String detail = e.value() instanceof OptimizerFactory f
                        ? "; default learning rate " + f.defaultLearningRate() : "";
                s.append(String.format(Locale.ROOT, "      %-" + width + "s  %s%s%n", e.name(), e.description(),
                        detail));
            }
        }
        return s.length() == 0 ? "" : "%nChoices:%n".formatted() + s;
    }

    /** The names of one registry, in registration order. */
    abstract static class Names implements Iterable<String> {
        private final Registry<?> registry;

        Names(Registry<?> registry) {
            this.registry = registry;
        }

        @Override
        public Iterator<String> iterator() {
            return registry.names().iterator();
        }
    }

    static final class Tableaux extends Names {
        Tableaux() {
            super(Tableau.registry());
        }
    }

    static final class ImplicitTableaux extends Names {
        ImplicitTableaux() {
            super(ImplicitTableau.registry());
        }
    }

    static final class LayerUpdates extends Names {
        LayerUpdates() {
            super(io.github.pontryagin.adjoint.LayerUpdate.structured());
        }
    }

    static final class FieldFamilies extends Names {
        FieldFamilies() {
            super(VectorFields.registry());
        }
    }

    static final class Activations extends Names {
        Activations() {
            super(Activation.registry());
        }
    }

    static final class HeadNames extends Names {
        HeadNames() {
            super(Heads.registry());
        }
    }

    static final class OptimizerNames extends Names {
        OptimizerNames() {
            super(Optimizers.registry());
        }
    }

    static final class Schedules extends Names {
        Schedules() {
            super(io.github.pontryagin.core.optim.LearningRateSchedule.registry());
        }
    }

    static final class Datasets extends Names {
        Datasets() {
            super(DatasetGenerator.registry());
        }
    }

    static final class StepSizes extends Names {
        StepSizes() {
            super(StepSizePolicy.registry());
        }
    }

    static final class Initializations extends Names {
        Initializations() {
            super(Initialization.registry());
        }
    }

    static final class Models extends Names {
        Models() {
            super(Experiment.Model.registry());
        }
    }

    static final class Suites extends Names {
        Suites() {
            super(Experiment.Suite.registry());
        }
    }
}
