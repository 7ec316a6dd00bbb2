package org.cryoet.learn;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import org.cryoet.util.CancelledException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.cryoet.volume.VolumeSource;

/**
 * Trains a model on one pair of in-memory half tomograms and restores that same pair with it:
 * the shared step of the method benchmarks ({@code cryoet compare}, {@code cryoet cryolithe
 * evaluate --method}).
 */
public final class PairRestoration {

    private PairRestoration() {
    }

    /**
     * Trains {@code config} on {@code pair} into {@code modelDir}, then predicts both halves with
     * the trained model's own tile function (tiles of the training crop, the training batch) and
     * returns the mean of the two predictions. {@code even} and {@code odd} are the pair's halves.
     *
     * @throws CancelledException when the training stopped before its last iteration
     */
    public static Volume trainAndPredict(TrainingConfig config, TrainingPair pair, Volume even, Volume odd,
                                         Path modelDir, Progress progress, Consumer<String> log) {
        Trainer.Result training = new Trainer(config, List.of(pair), modelDir).log(log).run(progress);
        if (!training.completed()) {
            throw new CancelledException("The training of " + config.method().name() + " (stopped at iteration "
                    + training.iteration() + ")");
        }
        TiledPredictor predictor = new TiledPredictor(config.crop()).batch(config.batch());
        try (IcecreamModel model = IcecreamModel.load(modelDir); TileFunction f = model.inferenceFunction()) {
            return predictor.predictPair(VolumeSource.of(even, "even"), VolumeSource.of(odd, "odd"), f, progress);
        }
    }
}
