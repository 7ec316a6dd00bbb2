package org.cryoet.learn;

/**
 * What a training method is built to restore in a tomogram. A method declares its restorations
 * ({@link TrainingMethod#restorations()}); the shared method tests hold it to beating the oracle
 * Gaussian filter on the figure of each, and the method comparison explains a method's result on a
 * restoration it does not declare with {@link TrainingMethod#notBuiltFor(Restoration)}.
 */
public enum Restoration {
    /** Removing noise: judged by the correlation (CC) with the ground truth. */
    DENOISING("CC"),
    /** Filling the missing wedge: judged by the correlation inside the missing wedge. */
    MISSING_WEDGE("missing-wedge correlation");

    private final String figure;

    Restoration(String figure) {
        this.figure = figure;
    }

    /** The figure of merit that judges it, as reports name it. */
    public String figure() {
        return figure;
    }
}
