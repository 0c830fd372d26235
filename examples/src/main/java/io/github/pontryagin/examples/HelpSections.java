package io.github.pontryagin.examples;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UsageMessageSpec;

/**
 * The option list of {@code --help} in sections — data, model, training, output, performance — instead of one flat
 * list. An option's section is given by a {@link In} annotation beside its {@code @Option}, or else by the mixin
 * that declares it ({@link TrainingOptions}: training; {@link OutputOptions}, {@link ProgressOptions}: output;
 * {@link ModelOptions}: model; picocli keeps the declaring field or setter as the option's user object); a
 * command's own options without annotation come first, under "Options".
 * Deprecated aliases ({@link CliRules#DEPRECATED}) are hidden and not listed.
 */
final class HelpSections {

    /** The sections, in the order {@code --help} shows them. */
    enum Section {
        COMMAND("Options"),
        DATA("Data"),
        MODEL("Model"),
        TRAINING("Training"),
        OUTPUT("Output"),
        PERFORMANCE("Performance"),
        HELP("Help");

        final String heading;

        Section(String heading) {
            this.heading = heading;
        }
    }

    /** Puts an option into a section of {@code --help}. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target({ElementType.FIELD, ElementType.METHOD})
    @interface In {
        Section value();
    }

    private HelpSections() {
    }

    /** Replaces the option list of {@code commandLine} and of its subcommands by the sectioned one. */
    static void install(CommandLine commandLine) {
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
        commandLine.getHelpSectionMap().put(UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        commandLine.getSubcommands().values().forEach(HelpSections::install);
    }

    private static String render(Help help) {
        Map<Section, List<OptionSpec>> sections = new EnumMap<>(Section.class);
        for (OptionSpec option : help.commandSpec().options()) {
            if (!option.hidden()) {
                sections.computeIfAbsent(section(option), s -> new ArrayList<>()).add(option);
            }
        }
        StringBuilder s = new StringBuilder();
        Help.IParamLabelRenderer labels = help.createDefaultParamLabelRenderer();
        for (Map.Entry<Section, List<OptionSpec>> e : sections.entrySet()) {
            Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec option : e.getValue()) {
                layout.addOption(option, labels);
            }
            s.append(String.format("%n%s:%n", e.getKey().heading)).append(layout);
        }
        return s.toString();
    }

    /** The section of an option: its annotation, else the mixin that declares it. */
    static Section section(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return Section.HELP;
        }
        Object element = option.userObject();
        if (element instanceof AnnotatedElement annotated && annotated.getAnnotation(In.class) != null) {
            return annotated.getAnnotation(In.class).value();
        }
        Class<?> owner = element instanceof Member member ? member.getDeclaringClass() : null;
        if (owner == TrainingOptions.class) {
            return Section.TRAINING;
        }
        if (owner == OutputOptions.class || owner == ProgressOptions.class) {
            return Section.OUTPUT;
        }
        if (owner == ModelOptions.class) {
            return Section.MODEL;
        }
        return Section.COMMAND;
    }
}
