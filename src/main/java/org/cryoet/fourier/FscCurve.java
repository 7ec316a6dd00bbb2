package org.cryoet.fourier;

/**
 * A Fourier shell correlation curve with one-voxel shells.
 *
 * @param frequency  shell centre frequency in 1/Angstrom (shell r: r / (n·voxel))
 * @param fsc        correlation per shell (NaN where the shell is empty or has no power)
 * @param count      number of Fourier voxels in each shell (full sphere, within the region)
 * @param voxelSize  voxel size in Angstrom used for the frequency axis
 * @param boxSize    the box edge n defining the shell width 1/n cycles/voxel (smallest dimension)
 */
public record FscCurve(double[] frequency, double[] fsc, long[] count, double voxelSize, int boxSize) {

    /** Resolution where a curve first drops below a threshold. */
    public record Resolution(double frequency, double angstrom, boolean crossed) {
    }

    /** Threshold 0.143 (Rosenthal &amp; Henderson 2003; independent half maps). */
    public static final double GOLD = 0.143;
    /** Threshold 0.5 (conservative; maps that are not independent, or against a reference). */
    public static final double HALF = 0.5;

    public int shells() {
        return fsc.length;
    }

    /** Half-bit threshold (van Heel &amp; Schatz 2005) for a shell of n voxels. */
    public static double halfBit(long n) {
        double s = Math.sqrt(n);
        return (0.2071 + 1.9102 / s) / (1.2071 + 0.9102 / s);
    }

    /** One-bit threshold (van Heel &amp; Schatz 2005) for a shell of n voxels. */
    public static double oneBit(long n) {
        double s = Math.sqrt(n);
        return (0.5 + 2.4142 / s) / (1.5 + 1.4142 / s);
    }

    /** Half-bit threshold of every shell. */
    public double[] halfBitCurve() {
        double[] t = new double[count.length];
        for (int r = 0; r < t.length; r++) t[r] = count[r] > 0 ? halfBit(count[r]) : Double.NaN;
        return t;
    }

    /** Resolution at a constant threshold (e.g. {@link #GOLD} or {@link #HALF}). */
    public Resolution resolution(double threshold) {
        double[] t = new double[fsc.length];
        java.util.Arrays.fill(t, threshold);
        return crossing(t);
    }

    /** Resolution at the half-bit threshold. */
    public Resolution resolutionHalfBit() {
        return crossing(halfBitCurve());
    }

    /**
     * First crossing below the threshold curve t, searched from shell 1 outwards (DC is skipped):
     * the frequency is interpolated linearly in (FSC − t) between the last shell above and the
     * first shell below. Empty shells are skipped. If shell 1 is already below, its frequency is
     * returned; if the curve never drops below, the last shell (Nyquist) is returned with
     * {@code crossed = false}.
     */
    public Resolution crossing(double[] t) {
        int prev = -1;
        for (int r = 1; r < fsc.length; r++) {
            if (Double.isNaN(fsc[r]) || Double.isNaN(t[r])) continue;
            double d1 = fsc[r] - t[r];
            if (d1 < 0) {
                double f;
                if (prev < 0) {
                    f = frequency[r];
                } else {
                    double d0 = fsc[prev] - t[prev];
                    double w = d0 / (d0 - d1);
                    f = frequency[prev] + w * (frequency[r] - frequency[prev]);
                }
                return new Resolution(f, 1.0 / f, true);
            }
            prev = r;
        }
        double f = frequency[frequency.length - 1];
        return new Resolution(f, 1.0 / f, false);
    }
}
