package org.cryoet.learn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Figures for one training iteration.
 *
 * @param iteration     1-based iteration just finished
 * @param total         iterations planned
 * @param loss          total loss (what was differentiated)
 * @param terms         the method's named loss parts, in the method's order (unweighted, as
 *                      {@link LossTerm#weight()} describes)
 * @param smoothedLoss  exponential moving average of the total loss
 * @param seconds       training time so far, over all sessions of this run
 * @param itPerSecond   recent iterations per second
 * @param etaSeconds    estimated seconds to the end
 * @param residentMib   host resident size of the process in MiB (NaN if unknown)
 * @param deviceMib     GPU memory in use in MiB (NaN on the CPU)
 */
public record TrainingStatus(long iteration, long total, double loss, Map<String, Double> terms,
                             double smoothedLoss, double seconds, double itPerSecond, double etaSeconds,
                             double residentMib, double deviceMib) {

    public TrainingStatus {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The loss.csv row of this iteration. */
    public LossHistory.Entry entry() {
        return new LossHistory.Entry(iteration, loss, terms, smoothedLoss, seconds, residentMib, deviceMib);
    }

    /** "n2n 0.01234, equi 0.00567" (the terms by name, in order), for status lines. */
    public String termsText() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, Double> e : terms.entrySet()) {
            if (sb.length() > 0) sb.append(", ");
            sb.append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.5f", e.getValue()));
        }
        return sb.toString();
    }

    /**
     * "   memory 812 MiB   GPU 3021 MiB" (the known parts; empty if none), for status lines. Host
     * memory is the resident size, because libtorch allocates outside the Java heap.
     */
    public String memoryText() {
        String text = Double.isNaN(residentMib) ? "" : String.format(Locale.ROOT, "   memory %.0f MiB", residentMib);
        if (!Double.isNaN(deviceMib)) text += String.format(Locale.ROOT, "   GPU %.0f MiB", deviceMib);
        return text;
    }
}
