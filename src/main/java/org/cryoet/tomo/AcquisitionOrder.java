package org.cryoet.tomo;

import java.util.Locale;

import org.cryoet.util.CryoEtException;

/**
 * The order in which the tilts of a series are recorded. It matters for the angle split (even and
 * odd tilts in acquisition order) and for the accumulated dose of each tilt.
 */
public enum AcquisitionOrder {
    /** From the most negative to the most positive angle. */
    SEQUENTIAL("sequential"),
    /**
     * Dose-symmetric (Hagen et al. 2017): start at the tilt nearest 0 degrees, then alternate
     * between the positive and the negative side, {@code groupSize} tilts per visit. Group size 1
     * gives 0, +s, -s, +2s, -2s, ...; group size 2 gives 0, +s, +2s, -s, -2s, +3s, +4s, ...
     * When one side is exhausted (asymmetric range) the other side is finished.
     */
    DOSE_SYMMETRIC("dose-symmetric"),
    /** Start at the tilt nearest 0 degrees, go to the most positive angle, then from the start down to the most negative. */
    BIDIRECTIONAL("bidirectional");

    private final String label;

    AcquisitionOrder(String label) {
        this.label = label;
    }

    /** The command-line name (sequential, dose-symmetric, bidirectional). */
    public String label() {
        return label;
    }

    /** Parses a command-line name, case-insensitively; underscores are accepted for dashes. */
    public static AcquisitionOrder parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (AcquisitionOrder o : values()) {
            if (o.label.equals(t)) return o;
        }
        throw new CryoEtException("Unknown acquisition order '" + s + "' (use sequential, dose-symmetric or bidirectional)");
    }

    /**
     * Stack indices in acquisition order: element k is the index (into {@code sortedAngles}) of
     * the k-th recorded tilt.
     *
     * @param sortedAngles angles in stack order, ascending
     * @param groupSize    tilts per side visit for {@link #DOSE_SYMMETRIC} (at least 1; ignored otherwise)
     */
    public int[] order(double[] sortedAngles, int groupSize) {
        int n = sortedAngles.length;
        for (int i = 1; i < n; i++) {
            if (!(sortedAngles[i] > sortedAngles[i - 1])) {
                throw new IllegalArgumentException("angles must be strictly ascending");
            }
        }
        if (groupSize < 1) throw new CryoEtException("Dose-symmetric group size " + groupSize + " must be at least 1");
        int[] out = new int[n];
        if (n == 0) return out;
        int start = 0;
        for (int i = 1; i < n; i++) {
            if (Math.abs(sortedAngles[i]) < Math.abs(sortedAngles[start])) start = i;
        }
        int k = 0;
        switch (this) {
            case SEQUENTIAL -> {
                for (int i = 0; i < n; i++) out[k++] = i;
            }
            case BIDIRECTIONAL -> {
                for (int i = start; i < n; i++) out[k++] = i;
                for (int i = start - 1; i >= 0; i--) out[k++] = i;
            }
            case DOSE_SYMMETRIC -> {
                out[k++] = start;
                int up = start + 1, down = start - 1;
                boolean positive = true;
                while (up < n || down >= 0) {
                    for (int g = 0; g < groupSize; g++) {
                        if (positive && up < n) out[k++] = up++;
                        else if (!positive && down >= 0) out[k++] = down--;
                    }
                    positive = !positive;
                }
            }
            default -> throw new IllegalStateException();
        }
        return out;
    }
}
