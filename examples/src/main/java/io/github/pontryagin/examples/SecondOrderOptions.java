package io.github.pontryagin.examples;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.pontryagin.core.optim.GaussNewton;
import io.github.pontryagin.core.optim.LevenbergMarquardt;
import io.github.pontryagin.core.optim.LimitedMemoryBfgs;
import io.github.pontryagin.core.optim.NewtonConjugateGradient;
import io.github.pontryagin.core.optim.NonlinearConjugateGradient;
import io.github.pontryagin.core.optim.Optimizer;
import io.github.pontryagin.core.optim.Optimizers;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The hyper-parameters of the second-order and quasi-Newton optimizers (docs/optimizers.md) beyond {@code --lr}: a
 * picocli mixin of {@link TrainingOptions}. Each value is checked as it is parsed (a one-line error naming the option
 * and the value, exit code 2); {@link #validate} also rejects an option that the chosen optimizer does not read
 * and Wolfe constants with {@code c1 >= c2}. Unset options keep the registry's defaults, so the optimizers are the
 * same as without this mixin.
 */
public final class SecondOrderOptions {

    @Option(names = "--lbfgs-memory", paramLabel = "M", converter = Converters.PositiveInt.class,
            description = "Number m of curvature pairs L-BFGS keeps, >= 1 (default: 10).")
    Integer memory;

    @Option(names = "--lbfgs-step-bound", paramLabel = "DELTA", converter = Converters.PositiveDouble.class,
            description = "Relative bound of L-BFGS's first line-search trial, ||alpha0 d|| <= DELTA * max(1, ||u||), "
                    + "a finite number > 0 (default: 0.005; a large value, e.g. 1e300, gives plain L-BFGS).")
    Double stepBound;

    @Option(names = "--cg-formula", paramLabel = "BETA", converter = CgFormula.class,
            description = "Conjugate-gradient beta of --optimizer cg: fr, pr+ or hs (default: pr+; cg-fr and cg-hs "
                    + "fix theirs).")
    NonlinearConjugateGradient.Formula formula;

    @Option(names = "--wolfe-c1", paramLabel = "C1", converter = OpenUnit.class,
            description = "Sufficient-decrease constant of the strong-Wolfe line search (lbfgs, cg*, newton-cg), in "
                    + "(0, 1) and below --wolfe-c2 (default: 1e-4).")
    Double c1;

    @Option(names = "--wolfe-c2", paramLabel = "C2", converter = OpenUnit.class,
            description = "Curvature constant of the strong-Wolfe line search, in (0, 1) (default: 0.9 for lbfgs and "
                    + "newton-cg, 0.1 for cg*).")
    Double c2;

    @Option(names = "--line-search-evaluations", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Objective evaluations allowed per strong-Wolfe line search, >= 1 (default: 40).")
    Integer evaluations;

    @Option(names = "--lm-update", paramLabel = "RULE", converter = DampingUpdate.class,
            description = "How levenberg-marquardt adapts lambda: nielsen or marquardt (divide by 10 on success, "
                    + "multiply by 10 on failure) (default: nielsen). The first lambda is --lr times max diag JtJ.")
    LevenbergMarquardt.Update update;

    @Option(names = "--lm-max-rejections", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Rejected trials (lambda increases) levenberg-marquardt allows per step, >= 1 (default: 60).")
    Integer rejections;

    @Option(names = "--dense-limit", paramLabel = "N", converter = Converters.NonNegativeInt.class,
            description = "Largest parameter count for which gauss-newton and levenberg-marquardt form and factor the "
                    + "Jacobian (EJML); above, matrix-free CG, >= 0 (default: 2000).")
    Integer denseLimit;

    @Option(names = "--newton-cg-iterations", paramLabel = "K", converter = Converters.PositiveInt.class,
            description = "Inner conjugate-gradient iterations (Hessian-vector products) per newton-cg step, >= 1 "
                    + "(default: 200).")
    Integer cgIterations;

    @Option(names = "--newton-cg-tolerance", paramLabel = "ETA", converter = OpenUnit.class,
            description = "Largest relative residual eta_max at which newton-cg's inner CG stops, in (0, 1) "
                    + "(eta = min(eta_max, sqrt |grad J|); default: 0.5).")
    Double forcingCap;

    private static final List<String> WOLFE = List.of("lbfgs", "cg", "cg-fr", "cg-hs", "newton-cg");

    /** Which optimizers read each option, by option name. */
    private Map<String, List<String>> readers() {
        Map<String, List<String>> r = new LinkedHashMap<>();
        r.put("--lbfgs-memory", memory == null ? null : List.of("lbfgs"));
        r.put("--lbfgs-step-bound", stepBound == null ? null : List.of("lbfgs"));
        r.put("--cg-formula", formula == null ? null : List.of("cg"));
        r.put("--wolfe-c1", c1 == null ? null : WOLFE);
        r.put("--wolfe-c2", c2 == null ? null : WOLFE);
        r.put("--line-search-evaluations", evaluations == null ? null : WOLFE);
        r.put("--lm-update", update == null ? null : List.of("levenberg-marquardt"));
        r.put("--lm-max-rejections", rejections == null ? null : List.of("levenberg-marquardt"));
        r.put("--dense-limit", denseLimit == null ? null : List.of("gauss-newton", "levenberg-marquardt"));
        r.put("--newton-cg-iterations", cgIterations == null ? null : List.of("newton-cg"));
        r.put("--newton-cg-tolerance", forcingCap == null ? null : List.of("newton-cg"));
        return r;
    }

    /**
     * @param optimizer the registered name of the chosen optimizer
     * @throws ParameterException (exit code 2) for an option the optimizer does not read, or c1 &gt;= c2
     */
    void validate(CommandLine cl, String optimizer) {
        for (Map.Entry<String, List<String>> e : readers().entrySet()) {
            if (e.getValue() != null && !e.getValue().contains(optimizer)) {
                throw new ParameterException(cl, e.getKey() + " is read by --optimizer " + String.join(", ", e.getValue())
                        + ", not by --optimizer " + optimizer);
            }
        }
        if (WOLFE.contains(optimizer)) {
            double first = c1(), second = c2(optimizer);
            if (!(first < second)) {
                throw new ParameterException(cl, "--wolfe-c1 " + first + " must be below --wolfe-c2 " + second
                        + " (0 < c1 < c2 < 1)");
            }
        }
    }

    private double c1() {
        return c1 != null ? c1 : 1e-4;
    }

    private double c2(String optimizer) {
        return c2 != null ? c2 : optimizer.startsWith("cg") ? 0.1 : 0.9;
    }

    private int evaluations() {
        return evaluations != null ? evaluations : 40;
    }

    /**
     * @param optimizer    the registered name of the chosen optimizer
     * @param learningRate the first-step scale of L-BFGS and CG, τ of Levenberg–Marquardt
     * @return the second-order optimizer with these hyper-parameters, or null when {@code optimizer} is not one
     */
    Optimizer optimizer(String optimizer, double learningRate) {
        int dense = denseLimit != null ? denseLimit : Optimizers.DEFAULT_DENSE_LIMIT;
        return switch (optimizer) {
            case "lbfgs" -> new LimitedMemoryBfgs(memory != null ? memory : 10, learningRate, c1(), c2(optimizer),
                    evaluations(), stepBound != null ? stepBound : LimitedMemoryBfgs.DEFAULT_STEP_BOUND);
            case "cg", "cg-fr", "cg-hs" -> new NonlinearConjugateGradient(optimizer.equals("cg")
                    ? formula != null ? formula : NonlinearConjugateGradient.Formula.POLAK_RIBIERE_PLUS
                    : NonlinearConjugateGradient.Formula.of(optimizer.substring(3)), learningRate, c1(),
                    c2(optimizer), evaluations());
            case "gauss-newton" -> new GaussNewton(dense, 1e-4, 50);
            case "levenberg-marquardt" -> new LevenbergMarquardt(learningRate, dense, rejections != null ? rejections
                    : 60, update != null ? update : LevenbergMarquardt.Update.NIELSEN);
            case "newton-cg" -> new NewtonConjugateGradient(cgIterations != null ? cgIterations : 200, c1(),
                    c2(optimizer), evaluations(), forcingCap != null ? forcingCap : 0.5);
            default -> null;
        };
    }

    /** The options that were given, as recorded in checkpoints and compared on resume. */
    Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        put(s, "lbfgsMemory", memory);
        put(s, "lbfgsStepBound", stepBound);
        put(s, "cgFormula", formula == null ? null : formula.id());
        put(s, "wolfeC1", c1);
        put(s, "wolfeC2", c2);
        put(s, "lineSearchEvaluations", evaluations);
        put(s, "lmUpdate", update == null ? null : update.id());
        put(s, "lmMaxRejections", rejections);
        put(s, "denseLimit", denseLimit);
        put(s, "newtonCgIterations", cgIterations);
        put(s, "newtonCgTolerance", forcingCap);
        return s;
    }

    private static void put(Map<String, String> s, String key, Object value) {
        if (value != null) {
            s.put(key, value.toString());
        }
    }

    /** A number in the open interval (0, 1). */
    static final class OpenUnit implements CommandLine.ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            double x;
            try {
                x = Double.parseDouble(value.trim());
            } catch (NumberFormatException e) {
                x = Double.NaN;
            }
            if (!(x > 0 && x < 1)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not allowed; expected a number in "
                        + "(0, 1)");
            }
            return x;
        }
    }

    /** fr, pr+ or hs. */
    static final class CgFormula implements CommandLine.ITypeConverter<NonlinearConjugateGradient.Formula> {
        @Override
        public NonlinearConjugateGradient.Formula convert(String value) {
            try {
                return NonlinearConjugateGradient.Formula.of(value.trim());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** nielsen or marquardt. */
    static final class DampingUpdate implements CommandLine.ITypeConverter<LevenbergMarquardt.Update> {
        @Override
        public LevenbergMarquardt.Update convert(String value) {
            try {
                return LevenbergMarquardt.Update.of(value.trim());
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
