package io.github.pontryagin.examples;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The naming and consistency rules of the command line, checked once after parsing and before a command runs
 * ({@link Pontryagin#commandLine()} installs {@link #check} in its execution strategy).
 *
 * <p><b>Names.</b> One name for one thing in every subcommand: {@code --dataset NAME} picks one data set and
 * {@code --datasets NAMES} a list (likewise {@code --models}, {@code --tableaux}); {@code --out DIR} is always a
 * directory and {@code --output-file FILE} a single file; {@code --threads} counts threads; {@code --step-sizes} is
 * the step-size policy h_n (not optimizer steps); {@code --recompute-every} is the backward pass's recomputation
 * interval, {@code --checkpoint}/{@code --checkpoint-every} the training snapshots. A renamed option keeps its old
 * name for one release as a <em>deprecated alias</em>: a hidden option whose description is {@link #DEPRECATED}
 * followed by the new name; {@link #check} copies its value into the new option. Using it prints one warning line;
 * giving both names is refused.
 *
 * <p><b>Consistency.</b> Options that exclude each other, options that need another one, and options a command
 * would silently ignore are refused with one line and exit code 2. To add a rule, add a line to {@link #RULES}.
 */
final class CliRules {

    /** The description prefix that marks a hidden option as the deprecated alias of the option named after it. */
    static final String DEPRECATED = "Deprecated alias of ";

    private CliRules() {
    }

    /** How two options (or one option and a command) relate. */
    private enum Kind {
        /** {@code option} and {@code other} cannot both be given. */
        EXCLUDES,
        /** {@code option} is ignored unless {@code other} is given. */
        NEEDS,
    }

    /**
     * One rule: in the subcommands named {@code commands} (empty: every subcommand that has both options),
     * {@code option} {@link Kind excludes or needs} {@code other}; {@code why} completes the one-line message.
     */
    private record Rule(List<String> commands, String option, Kind kind, String other, String why) {
    }

    private static Rule excludes(String option, String other, String why) {
        return new Rule(List.of(), option, Kind.EXCLUDES, other, why);
    }

    private static Rule needs(String option, String other, String why) {
        return new Rule(List.of(), option, Kind.NEEDS, other, why);
    }

    private static Rule ignoredBy(List<String> commands, String option, String why) {
        return new Rule(commands, option, Kind.NEEDS, null, why);
    }

    private static final List<Rule> RULES = rules();

    private static List<Rule> rules() {
        List<Rule> r = new ArrayList<>();
        // how long to train
        r.add(excludes("--epochs", "--iterations", "--epochs E trains E x floor(M / batch) steps; give one of them"));
        r.add(needs("--checkpoint-every", "--checkpoint", "it sets how often --checkpoint FILE is written"));
        r.add(needs("--schedule-period", "--schedule", "it is the period of the learning-rate schedule"));
        r.add(needs("--retraction", "--orthogonal", "it is how --orthogonal blocks stay on the Stiefel manifold"));
        r.add(needs("--average-start", "--average", "it is the first iteration --average collects"));
        r.add(needs("--average-every", "--average", "it is how often --average collects"));
        r.add(needs("--swag-rank", "--average", "it is the rank of --average swag"));
        // where the data come from
        r.add(needs("--labels", "--data", "it holds the labels of --data"));
        r.add(needs("--test-labels", "--test-data", "it holds the labels of --test-data"));
        r.add(needs("--label-column", "--data", "it names a column of the --data CSV file"));
        r.add(needs("--test-data", "--data", "the generated data sets make their own test set (size --test-points)"));
        r.add(excludes("--data", "--dataset", "--dataset generates the data that --data reads from a file"));
        r.add(excludes("--data", "--points", "--points is the size of a generated data set"));
        r.add(excludes("--data", "--test-points", "--test-points is the size of a generated test set"));
        // what a layer is
        r.add(excludes("--implicit", "--tableau", "a layer is one step of an implicit or of an explicit tableau"));
        r.add(excludes("--leapfrog", "--tableau", "a leapfrog layer has no Runge-Kutta tableau"));
        r.add(excludes("--leapfrog", "--implicit", "a layer is one leapfrog step or one implicit Runge-Kutta step"));
        r.add(excludes("--no-skip", "--tableau", "the plain layer y_{n+1} = f(y_n) has no Runge-Kutta tableau"));
        r.add(excludes("--no-skip", "--implicit", "the plain layer y_{n+1} = f(y_n) has no step"));
        r.add(excludes("--no-skip", "--leapfrog", "the leapfrog layer has a skip connection"));
        r.add(excludes("--no-skip", "--step-sizes", "the plain layer y_{n+1} = f(y_n) has no step sizes"));
        r.add(excludes("--layer-update", "--tableau", "a structured layer has no Runge-Kutta tableau"));
        r.add(excludes("--layer-update", "--implicit", "a layer is one structured step or one implicit Runge-Kutta step"));
        r.add(excludes("--layer-update", "--no-skip", "the structured layers have a skip connection"));
        // --reversible needs a reversible --layer-update: checked with the value in ModelOptions
        r.add(excludes("--reversible", "--recompute-every", "reversible backprop stores no checkpoints"));
        // resuming a run
        r.add(new Rule(List.of("train"), "--resume", Kind.EXCLUDES, "--contractive-steps",
                "the checkpoint holds the optimizer"));
        r.add(new Rule(List.of("train"), "--resume", Kind.EXCLUDES, "--average",
                "the iterates collected before the checkpoint are not in it"));
        // options a command would ignore
        List<String> oneBatch = List.of("gradcheck", "gradient");
        String why = "evaluates the loss and gradient on the training data only";
        r.add(ignoredBy(oneBatch, "--test-data", why));
        r.add(ignoredBy(oneBatch, "--test-labels", why));
        r.add(ignoredBy(oneBatch, "--test-points", why));
        r.add(ignoredBy(oneBatch, "--validation-split", why));
        r.add(new Rule(List.of("compare"), "--seeds", Kind.EXCLUDES, "--seed", "--seeds replaces --seed"));
        r.add(ignoredBy(List.of("mnist", "second-order-table"), "--plot-format", "writes tables, no plots"));
        return List.copyOf(r);
    }

    /** Applies the rules to every command of {@code parseResult}; warns about deprecated names on its error stream. */
    static void check(ParseResult parseResult) {
        for (ParseResult pr = parseResult; pr != null; pr = pr.hasSubcommand() ? pr.subcommand() : null) {
            CommandLine cl = pr.commandSpec().commandLine();
            Map<String, String> aliases = deprecatedAliases(pr);
            for (Map.Entry<String, String> alias : aliases.entrySet()) {
                if (pr.hasMatchedOption(alias.getValue())) {
                    throw new ParameterException(cl, alias.getKey() + " and " + alias.getValue() + " are the same "
                            + "option (" + alias.getKey() + " is its deprecated name); give " + alias.getValue()
                            + " once");
                }
                OptionSpec current = pr.commandSpec().findOption(alias.getValue());
                current.setValue(pr.matchedOption(alias.getKey()).getValue());
                PrintWriter err = cl.getErr();
                err.println(pr.commandSpec().qualifiedName() + ": warning: " + alias.getKey() + " is deprecated and"
                        + " will be removed in the next release; use " + alias.getValue());
                err.flush();
            }
            for (Rule rule : RULES) {
                apply(rule, pr, cl, aliases);
            }
            requireReversibleUpdate(pr, cl);
        }
    }

    /** The one-line refusal of {@code --reversible} without a layer update that can be run backwards. */
    static final String REVERSIBLE_NEEDS = "--reversible needs --layer-update leapfrog (or --leapfrog) or"
            + " conformal-verlet: only these layers can be run backwards";

    /**
     * {@code --reversible} needs a reversible layer update: {@code --leapfrog}, {@code --layer-update leapfrog} or
     * {@code --layer-update conformal-verlet}.
     */
    private static void requireReversibleUpdate(ParseResult pr, CommandLine cl) {
        if (pr.commandSpec().findOption("--reversible") == null || !pr.hasMatchedOption("--reversible")
                || pr.hasMatchedOption("--leapfrog")) {
            return;
        }
        Object update = pr.hasMatchedOption("--layer-update") ? pr.matchedOptionValue("--layer-update", null) : null;
        if (!(update instanceof io.github.pontryagin.adjoint.LayerUpdate u) || !u.isReversible()) {
            throw new ParameterException(cl, REVERSIBLE_NEEDS);
        }
    }

    private static void apply(Rule rule, ParseResult pr, CommandLine cl, Map<String, String> aliases) {
        String command = pr.commandSpec().name();
        if (!rule.commands().isEmpty() && !rule.commands().contains(command)) {
            return;
        }
        String given = given(pr, rule.option(), aliases);
        if (given == null) {
            return;
        }
        if (rule.other() == null) {
            throw new ParameterException(cl, given + " is not used by " + command + ", which " + rule.why());
        }
        if (pr.commandSpec().findOption(rule.other()) == null) {
            return;
        }
        String other = given(pr, rule.other(), aliases);
        if (rule.kind() == Kind.EXCLUDES && other != null) {
            throw new ParameterException(cl, given + " and " + other + " exclude each other: " + rule.why());
        }
        if (rule.kind() == Kind.NEEDS && other == null) {
            throw new ParameterException(cl, given + " needs " + rule.other() + ": " + rule.why());
        }
    }

    /**
     * Whether a rule would refuse {@code option} beside the options {@code present} (current names) in the command
     * {@code spec}.
     */
    static boolean wouldRefuse(picocli.CommandLine.Model.CommandSpec spec, String option, java.util.Set<String> present) {
        for (Rule rule : RULES) {
            if (!rule.commands().isEmpty() && !rule.commands().contains(spec.name())) {
                continue;
            }
            if (rule.option().equals(option)) {
                if (rule.other() == null || rule.kind() == Kind.EXCLUDES && present.contains(rule.other())
                        || rule.kind() == Kind.NEEDS && spec.findOption(rule.other()) != null
                        && !present.contains(rule.other())) {
                    return true;
                }
            } else if (option.equals(rule.other()) && rule.kind() == Kind.EXCLUDES && present.contains(rule.option())) {
                return true;
            }
        }
        return false;
    }

    /** The name under which {@code option} (or a deprecated alias of it) was given, or null when it was not. */
    private static String given(ParseResult pr, String option, Map<String, String> aliases) {
        if (pr.commandSpec().findOption(option) != null && pr.hasMatchedOption(option)) {
            return option;
        }
        for (Map.Entry<String, String> alias : aliases.entrySet()) {
            if (alias.getValue().equals(option)) {
                return alias.getKey();
            }
        }
        return null;
    }

    /** The deprecated aliases given in this command, each with its current name. */
    private static Map<String, String> deprecatedAliases(ParseResult pr) {
        Map<String, String> aliases = new LinkedHashMap<>();
        for (OptionSpec option : pr.matchedOptions()) {
            String replacement = replacement(option);
            if (replacement != null) {
                aliases.put(option.longestName(), replacement);
            }
        }
        return aliases;
    }

    /** The current name of a deprecated alias, or null for any other option. */
    static String replacement(OptionSpec option) {
        String[] description = option.description();
        if (!option.hidden() || description.length == 0 || !description[0].startsWith(DEPRECATED)) {
            return null;
        }
        return description[0].substring(DEPRECATED.length()).strip();
    }

    /** Picocli's suggestions for a mistyped option or subcommand, as the end of a one-line message, or "". */
    static String didYouMean(ParameterException ex) {
        if (!(ex instanceof CommandLine.UnmatchedArgumentException unmatched)) {
            return "";
        }
        List<String> suggestions = unmatched.getSuggestions();
        if (suggestions == null || suggestions.isEmpty()) {
            return "";
        }
        return "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
    }
}
