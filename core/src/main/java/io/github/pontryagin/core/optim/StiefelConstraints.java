package io.github.pontryagin.core.optim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Checks shared by the optimizers that keep blocks on Stiefel manifolds. */
final class StiefelConstraints {

    private StiefelConstraints() {
    }

    /** @throws IllegalArgumentException if the list is empty or two blocks overlap */
    static void requireDisjoint(List<StiefelBlock> blocks) {
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("orthogonal blocks: need at least one block, got none");
        }
        List<StiefelBlock> sorted = new ArrayList<>(blocks);
        sorted.sort(Comparator.comparingInt(StiefelBlock::offset));
        for (int b = 1; b < sorted.size(); b++) {
            if (sorted.get(b).offset() < sorted.get(b - 1).end()) {
                throw new IllegalArgumentException("orthogonal blocks " + sorted.get(b - 1).name() + " and "
                        + sorted.get(b).name() + " overlap; each parameter may belong to one block only");
            }
        }
    }
}
