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

    /**
     * State the method keeps between iterations that is not a pure function of (seed, iteration)
     * and the weights (e.g. training data it refreshed with an earlier network), as float arrays:
     * the trainer stores it in every checkpoint and hands it to {@link #restore(float[][])} when
     * a run resumes, so the resumed run continues with exactly this state. Default: none (null).
     */
    default float[][] state() {
        return null;
    }

    /**
     * Restores a {@link #state()} from a checkpoint; called once, after {@link TrainingMethod#prepare}
     * and before the first iteration of a resumed run, only when the checkpoint holds a state.
     */
    default void restore(float[][] state) {
    }
}
