package org.cryoet.volume;

/** Min, max, mean and standard deviation (population) of a float array, in double precision. */
public record Statistics(double min, double max, double mean, double std, long nonFinite) {

    public static Statistics of(float[] a) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long bad = 0;
        long n = 0;
        for (float v : a) {
            if (!Float.isFinite(v)) {
                bad++;
                continue;
            }
            if (v < min) min = v;
            if (v > max) max = v;
            sum += v;
            n++;
        }
        double mean = n > 0 ? sum / n : Double.NaN;
        double ss = 0;
        for (float v : a) {
            if (Float.isFinite(v)) {
                double d = v - mean;
                ss += d * d;
            }
        }
        double std = n > 0 ? Math.sqrt(ss / n) : Double.NaN;
        return new Statistics(min, max, mean, std, bad);
    }

    /** numpy.percentile of the values with its default linear interpolation (p in [0, 100]). */
    public static double percentile(float[] a, double p) {
        if (a.length == 0) throw new IllegalArgumentException("percentile of an empty array");
        float[] s = a.clone();
        java.util.Arrays.parallelSort(s);
        double pos = Math.max(0, Math.min(100, p)) / 100.0 * (s.length - 1);
        int lo = (int) Math.floor(pos);
        if (lo >= s.length - 1) return s[s.length - 1];
        double f = pos - lo;
        return s[lo] + f * ((double) s[lo + 1] - s[lo]);
    }
}
