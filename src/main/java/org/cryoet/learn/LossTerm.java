package org.cryoet.learn;

/**
 * One named part of a training method's loss, as reports show it.
 *
 * @param name   short identifier: the loss.csv column and the console label (e.g. "n2n")
 * @param label  human-readable name for plots and windows (e.g. "Noise2Noise")
 * @param weight factor with which the term enters the total loss (plots of the total's parts use it)
 */
public record LossTerm(String name, String label, double weight) {

    public LossTerm {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("loss term name must be lower-case letters, digits and _: " + name);
        }
    }
}
