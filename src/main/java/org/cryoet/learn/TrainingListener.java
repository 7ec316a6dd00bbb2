package org.cryoet.learn;

/**
 * Receives training progress. Called on the training thread: implementations must return
 * quickly and hand drawing to their own thread (Swing: {@code SwingUtilities.invokeLater}).
 */
public interface TrainingListener {

    /** Training is about to run its first iteration of this session (after a resume: the next one). */
    default void started(TrainingStart start) {
    }

    /** One optimisation step finished. */
    default void iteration(TrainingStatus status) {
    }

    /**
     * The fixed progress crop was predicted with the current weights.
     *
     * @param crop     the network's output on the progress crop, size^3, x fastest
     * @param size     edge length of the crop
     * @param iteration iteration at which it was predicted
     */
    default void progressCrop(float[] crop, int size, long iteration) {
    }

    /** A checkpoint was written. */
    default void checkpoint(java.nio.file.Path directory, long iteration) {
    }

    /** Training ended (finished, cancelled or stopped early); the model has been saved. */
    default void finished(long iteration, boolean completed) {
    }

    /** Polled once per iteration: true stops training, keeping the model (Fiji "Finish now"). */
    default boolean stopRequested() {
        return false;
    }
}
