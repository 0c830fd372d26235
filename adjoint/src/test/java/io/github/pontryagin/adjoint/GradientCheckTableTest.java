package io.github.pontryagin.adjoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** {@link GradientCheck.Report#toTable()} is a valid Markdown table: every row has the header's cell count. */
class GradientCheckTableTest {

    /** The cells of a Markdown table row: split at '|' not preceded by a backslash, outer pipes dropped. */
    static int cells(String row) {
        assertTrue(row.startsWith("|") && row.endsWith("|"), "a table row starts and ends with '|': " + row);
        int pipes = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                pipes++;
            }
        }
        return pipes - 1;
    }

    @Test
    void everyRowHasTheHeadersCellCount() {
        double[] x = {0.3, -1.2, 2.0, 0.5};
        double[] gradient = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            gradient[i] = 2 * x[i] * (i + 1);
        }
        GradientCheck.Report report = GradientCheck.check(u -> {
            double s = 0;
            for (int i = 0; i < u.length; i++) {
                s += (i + 1) * u[i] * u[i];
            }
            return s;
        }, x, gradient, List.of(GradientCheck.Block.range("K", 0, 2), GradientCheck.Block.range("a|b", 2, 4)),
                GradientCheck.DEFAULT_STEP);
        String[] rows = report.toTable().strip().split("\\R");
        assertEquals(2 + 2, rows.length, report.toTable());
        int header = cells(rows[0]);
        assertEquals(6, header, rows[0]);
        for (String row : rows) {
            assertEquals(header, cells(row), "row with another cell count than the header: " + row);
        }
        assertTrue(rows[1].matches("\\|(---:?\\|)+"), rows[1]);
        assertTrue(report.maxRelativeError() < 1e-8, report.toTable());
    }
}
