package org.cryoet.cli;

import org.cryoet.learn.TileFunction;

import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * How the prediction commands obtain a trained model: a tile function plus its crop size. The
 * loader is a package-private hook so command tests can substitute an analytic model.
 */
final class PredictionModels {

    /** What prediction needs from a trained model. */
    interface Loaded extends AutoCloseable {
        /** Tile edge the model was trained with. */
        int crop();

        /** The per-tile inference function F. */
        TileFunction function();

        /** One line describing the model (for logs). */
        String summary();

        @Override
        void close();
    }

    /** Loads a model directory onto a device ("auto", "cpu", "gpu", "gpu:N"); replaced in tests. */
    static BiFunction<Path, String, Loaded> loader = PredictionModels::loadIcecream;

    private PredictionModels() {
    }

    static Loaded load(Path dir, String device) {
        return loader.apply(dir, device);
    }

    private static Loaded loadIcecream(Path dir, String device) {
        throw new org.cryoet.util.CryoEtException("Loading ICECREAM models needs the engine (not merged yet): " + dir);
    }
}
