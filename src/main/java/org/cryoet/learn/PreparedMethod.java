package org.cryoet.learn;

/**
 * A {@link TrainingMethod} set up for one training run: computes the loss of a batch and may
 * update its own state between optimisation steps.
 */
public interface PreparedMethod {

    /**
     * The loss of one batch, recorded for autograd (called inside the trainer's gradient
     * collector). Every tensor it creates must belong to the batch's scope
     * ({@code batch.halfA().getManager()}) or to caches prepared on the run's manager.
     */
    LossTerms loss(Network network, TrainingBatch batch);

    /**
     * Called after each optimisation step (e.g. to refresh stored training targets every so
     * many iterations). Runs outside any gradient collector.
     */
    default void afterStep(long iteration, Network network) {
    }
}
