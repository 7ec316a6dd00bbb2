package org.cryoet.cli;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.ModelInfo;
import org.cryoet.learn.TileFunction;

import java.nio.file.Path;
import java.util.Locale;
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
        DeviceSelector.Choice choice = DeviceSelector.select(device);
        IcecreamModel model = IcecreamModel.load(dir, choice.device());
        TileFunction f = model.inferenceFunction();
        ModelInfo info = model.info();
        String summary = String.format(Locale.ROOT, "%s (%s, %s, crop %d, tilt [%.1f, %.1f], %d iterations) on %s",
                dir, info.method(), info.network(), info.crop(), info.tiltMin(), info.tiltMax(), info.iterations(),
                choice);
        return new Loaded() {
            @Override
            public int crop() {
                return info.crop();
            }

            @Override
            public TileFunction function() {
                return f;
            }

            @Override
            public String summary() {
                return summary;
            }

            @Override
            public void close() {
                f.close();
                model.close();
            }
        };
    }
}
