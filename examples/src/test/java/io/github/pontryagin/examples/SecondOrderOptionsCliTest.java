package io.github.pontryagin.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;

import io.github.pontryagin.core.optim.GaussNewton;
import io.github.pontryagin.core.optim.LevenbergMarquardt;
import io.github.pontryagin.core.optim.LimitedMemoryBfgs;
import io.github.pontryagin.core.optim.NewtonConjugateGradient;
import io.github.pontryagin.core.optim.NonlinearConjugateGradient;
import io.github.pontryagin.odenets.OdeNet;
import io.github.pontryagin.odenets.io.ModelFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hyper-parameters of the second-order optimizers on the command line ({@link SecondOrderOptions}). */
class SecondOrderOptionsCliTest {

    @TempDir
    Path dir;

    private static final String SMALL = " --quiet --no-plots --points 40 --layers 2 --width 2 --iterations 3";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "--optimizer lbfgs --lbfgs-memory 0;--lbfgs-memory;'0'",
            "--optimizer lbfgs --lbfgs-memory -3;--lbfgs-memory;'-3'",
            "--optimizer lbfgs --lbfgs-step-bound 0;--lbfgs-step-bound;'0'",
            "--optimizer lbfgs --lbfgs-step-bound NaN;--lbfgs-step-bound;'NaN'",
            "--optimizer cg --lbfgs-step-bound 0.01;--lbfgs-step-bound;cg",
            "--optimizer lbfgs --lr 0;--learning-rate;'0'",
            "--optimizer lbfgs --lr NaN;--learning-rate;'NaN'",
            "--optimizer lbfgs --lr -Infinity;--learning-rate;'-Infinity'",
            "--optimizer lbfgs --wolfe-c1 0;--wolfe-c1;'0'",
            "--optimizer lbfgs --wolfe-c1 NaN;--wolfe-c1;'NaN'",
            "--optimizer lbfgs --wolfe-c2 1;--wolfe-c2;'1'",
            "--optimizer cg --wolfe-c2 Infinity;--wolfe-c2;'Infinity'",
            "--optimizer lbfgs --wolfe-c1 0.5 --wolfe-c2 0.4;--wolfe-c1 0.5;--wolfe-c2 0.4",
            "--optimizer cg --wolfe-c1 0.2;--wolfe-c1 0.2;--wolfe-c2 0.1",
            "--optimizer newton-cg --line-search-evaluations 0;--line-search-evaluations;'0'",
            "--optimizer cg --cg-formula dy;--cg-formula;'dy'",
            "--optimizer cg-fr --cg-formula hs;--cg-formula;cg-fr",
            "--optimizer levenberg-marquardt --lr 0;--learning-rate;'0'",
            "--optimizer levenberg-marquardt --lr NaN;--learning-rate;'NaN'",
            "--optimizer levenberg-marquardt --lm-update more;--lm-update;'more'",
            "--optimizer levenberg-marquardt --lm-max-rejections 0;--lm-max-rejections;'0'",
            "--optimizer gauss-newton --dense-limit -1;--dense-limit;'-1'",
            "--optimizer newton-cg --newton-cg-iterations 0;--newton-cg-iterations;'0'",
            "--optimizer newton-cg --newton-cg-tolerance 1;--newton-cg-tolerance;'1'",
            "--optimizer newton-cg --newton-cg-tolerance -0.1;--newton-cg-tolerance;'-0.1'",
            "--optimizer adam --lbfgs-memory 5;--lbfgs-memory;adam",
            "--optimizer lbfgs --lm-update marquardt;--lm-update;lbfgs",
            "--optimizer gauss-newton --newton-cg-iterations 5;--newton-cg-iterations;gauss-newton"})
    void badSecondOrderHyperParametersExitWithCodeTwoAndOneLineNamingOptionAndValue(String options, String option,
                                                                                    String value) {
        String[] args = ("train" + SMALL + " --out " + dir + " " + options).split(" ");
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exitCode(), () -> options + ": " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), () -> "expected one line, got:\n" + r.err());
        assertTrue(err.contains(option) && err.contains(value), err);
        assertFalse(dir.resolve(TrainingRun.MODEL_JSON).toFile().exists(), "no model is written for bad options");
    }

    private double[] train(String name, String options) throws Exception {
        Path out = dir.resolve(name);
        Cli.ok(("train" + SMALL + " --head logistic-ls --out " + out + " " + options).split(" "));
        try (OdeNet net = ModelFile.read(out.resolve(TrainingRun.MODEL_JSON))) {
            return net.parameters();
        }
    }

    @Test
    void theOptionsReachTheOptimizerAndTheirDefaultsAreTheRegistrys() throws Exception {
        double[] registry = train("lbfgs", "--optimizer lbfgs");
        double[] spelledOut = train("lbfgs-10", "--optimizer lbfgs --lbfgs-memory 10 --wolfe-c1 1e-4 --wolfe-c2 0.9 "
                + "--line-search-evaluations 40");
        double[] memoryOne = train("lbfgs-1", "--optimizer lbfgs --lbfgs-memory 1");
        assertTrue(Arrays.equals(registry, spelledOut), "the spelled-out defaults give the registry's L-BFGS");
        assertFalse(Arrays.equals(registry, memoryOne), "--lbfgs-memory 1 changes the run");

        double[] nielsen = train("lm", "--optimizer levenberg-marquardt");
        double[] marquardt = train("lm-m", "--optimizer levenberg-marquardt --lm-update marquardt");
        assertFalse(Arrays.equals(nielsen, marquardt), "--lm-update marquardt changes the run");

        double[] pr = train("cg", "--optimizer cg");
        double[] fr = train("cg-fr", "--optimizer cg --cg-formula fr");
        double[] namedFr = train("cg-fr-name", "--optimizer cg-fr");
        assertFalse(Arrays.equals(pr, fr), "--cg-formula fr changes the run");
        assertTrue(Arrays.equals(fr, namedFr), "--cg-formula fr is cg-fr");
    }

    private static SecondOrderOptions parse(String args) {
        SecondOrderOptions options = new SecondOrderOptions();
        new picocli.CommandLine(options).parseArgs(args.split(" "));
        return options;
    }

    @Test
    void everyOptionSetsItsHyperParameter() {
        assertEquals(new NewtonConjugateGradient(7, 0.01, 0.5, 12, 0.25), parse("--newton-cg-iterations 7 "
                + "--wolfe-c1 0.01 --wolfe-c2 0.5 --line-search-evaluations 12 --newton-cg-tolerance 0.25")
                .optimizer("newton-cg", 1.0));
        assertEquals(new NewtonConjugateGradient(200, 1e-4, 0.9, 40, 0.5), parse("--dense-limit 3")
                .optimizer("newton-cg", 1.0), "defaults of newton-cg");
        assertEquals(new LevenbergMarquardt(0.5, 3, 9, LevenbergMarquardt.Update.MARQUARDT),
                parse("--dense-limit 3 --lm-max-rejections 9 --lm-update marquardt").optimizer("levenberg-marquardt",
                        0.5));
        assertEquals(new GaussNewton(0, 1e-4, 50), parse("--dense-limit 0").optimizer("gauss-newton", 1.0));
        assertEquals(new LimitedMemoryBfgs(4, 2.0, 1e-4, 0.8, 40), parse("--lbfgs-memory 4 --wolfe-c2 0.8")
                .optimizer("lbfgs", 2.0));
        assertEquals(new LimitedMemoryBfgs(10, 1.0, 1e-4, 0.9, 40, 0.01), parse("--lbfgs-step-bound 0.01")
                .optimizer("lbfgs", 1.0));
        assertEquals(LimitedMemoryBfgs.DEFAULT_STEP_BOUND,
                ((LimitedMemoryBfgs) parse("--lbfgs-memory 10").optimizer("lbfgs", 1.0)).stepBound(), "default bound");
        assertEquals(new NonlinearConjugateGradient(NonlinearConjugateGradient.Formula.HESTENES_STIEFEL, 1.0, 1e-4,
                0.1, 40), parse("--cg-formula hs").optimizer("cg", 1.0));
        assertEquals(null, parse("--lbfgs-memory 4").optimizer("adam", 1.0), "not a second-order optimizer");
    }
}
