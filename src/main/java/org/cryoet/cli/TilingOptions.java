package org.cryoet.cli;

import org.cryoet.learn.TrainingOptions;
import picocli.CommandLine.Option;

/** {@code --batch} and {@code --overlap} of tiled prediction (picocli mixin of predict and batch). */
public final class TilingOptions {
    @Option(names = "--batch", defaultValue = "" + TrainingOptions.PREDICT_BATCH, paramLabel = "B",
            description = "Tiles per network call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--overlap", defaultValue = "" + TrainingOptions.PREDICT_OVERLAP, paramLabel = "F",
            description = "Overlap between tiles as a fraction of the tile size, 0 to 0.9 (default ${DEFAULT-VALUE}).")
    double overlap;

    public int batch() {
        return batch;
    }

    public double overlap() {
        return overlap;
    }
}
