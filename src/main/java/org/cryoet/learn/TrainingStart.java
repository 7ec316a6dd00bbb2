package org.cryoet.learn;

import java.nio.file.Path;
import java.util.List;

/**
 * What listeners learn when training starts.
 *
 * @param modelDirectory where the model, checkpoints and reports go
 * @param method         the method's title (e.g. "ICECREAM")
 * @param lossTerms      the method's named loss terms, in the order of {@link TrainingStatus#terms()}
 * @param iteration      iterations already done (0, or the resumed checkpoint's)
 * @param iterations     iterations planned in all
 * @param history        the loss history so far (a copy; empty unless resumed)
 * @param progressInput  the fixed progress crop (size^3, x fastest), or null when progress crops are off
 * @param progressSize   its edge length
 */
public record TrainingStart(Path modelDirectory, String method, List<LossTerm> lossTerms, long iteration,
                            long iterations, LossHistory history, float[] progressInput, int progressSize) {
}
