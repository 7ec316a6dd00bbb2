package org.cryoet.learn;

import ai.djl.ndarray.NDManager;

import java.util.List;

/**
 * What a {@link TrainingMethod} may use to prepare a training run.
 *
 * @param spec    the method's resolved parameters
 * @param loss    the loss function the method's terms are to use
 * @param pairs   the training pairs, in the trainer's pair order (index = {@link TrainingBatch#pair()})
 * @param crop    crop edge of every batch
 * @param batch   crops per batch
 * @param seed    the run's seed (random choices should be functions of it and the iteration, so a
 *                resumed run repeats them)
 * @param manager the run's long-lived manager (the model's): prepared operators belong here
 * @param iterations the run's total number of iterations (for schedules over the training budget;
 *                   0 when unknown)
 */
public record TrainingSetup(MethodSpec spec, LossFunction loss, List<TrainingPair> pairs, int crop, int batch, long seed,
                            NDManager manager, long iterations) {

    /** A setup without a known iteration budget. */
    public TrainingSetup(MethodSpec spec, LossFunction loss, List<TrainingPair> pairs, int crop, int batch, long seed,
                         NDManager manager) {
        this(spec, loss, pairs, crop, batch, seed, manager, 0);
    }
}
