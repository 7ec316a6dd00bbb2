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
 * @param residentMib   host resident size of the process in MiB (NaN if unknown)
 * @param deviceMib     GPU memory in use in MiB (NaN on the CPU)
 */
public record TrainingStatus(long iteration, long total, double loss, double n2nLoss, double equiLoss,
                             double smoothedLoss, double itPerSecond, double etaSeconds, double residentMib,
                             double deviceMib) {

    /**
     * "   memory 812 MiB   GPU 3021 MiB" (the known parts; empty if none), for status lines. Host
     * memory is the resident size, because libtorch allocates outside the Java heap.
     */
    public String memoryText() {
        String text = Double.isNaN(residentMib) ? "" : String.format(java.util.Locale.ROOT, "   memory %.0f MiB",
                residentMib);
        if (!Double.isNaN(deviceMib)) text += String.format(java.util.Locale.ROOT, "   GPU %.0f MiB", deviceMib);
        return text;
    }
}
