package org.cryoet.learn;

/**
 * Figures for one training iteration.
 *
 * @param iteration     1-based iteration just finished
 * @param total         iterations planned
 * @param loss          total loss (Noise2Noise + lambda * equivariance)
 * @param n2nLoss       Noise2Noise part
 * @param equiLoss      equivariance part (before multiplying by lambda)
 * @param smoothedLoss  exponential moving average of the total loss
 * @param itPerSecond   recent iterations per second
 * @param etaSeconds    estimated seconds to the end
 */
public record TrainingStatus(long iteration, long total, double loss, double n2nLoss, double equiLoss,
                             double smoothedLoss, double itPerSecond, double etaSeconds) {
}
