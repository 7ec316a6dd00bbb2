package org.cryoet.util;

import java.util.Locale;

/**
 * Resident memory sampled once per unit of work (a training iteration, a batch of tiles): the
 * final size, the process's peak, and the growth per unit as the least-squares slope over the
 * samples after warm-up (the first quarter, in which allocators and caches fill, is left out).
 * A leak shows as a steady positive slope; constant-memory work gives a slope near zero.
 */
public final class MemoryTrend {

    private double[] step = new double[64];
    private double[] mib = new double[64];
    private int n;

    /** Records the current resident size for unit {@code unit} (no-op where it is unknown). */
    public void sample(long unit) {
        long rss = ProcessMemory.residentBytes();
        if (rss >= 0) add(unit, rss / 1048576.0);
    }

    /** Records a size in MiB for unit {@code unit}; NaN is ignored. */
    public synchronized void add(long unit, double residentMib) {
        if (Double.isNaN(residentMib)) return;
        if (n == step.length) {
            step = java.util.Arrays.copyOf(step, 2 * n);
            mib = java.util.Arrays.copyOf(mib, 2 * n);
        }
        step[n] = unit;
        mib[n] = residentMib;
        n++;
    }

    public synchronized int count() {
        return n;
    }

    /** The last sample in MiB, NaN if none. */
    public synchronized double finalMib() {
        return n == 0 ? Double.NaN : mib[n - 1];
    }

    /** The largest sample in MiB, NaN if none. */
    public synchronized double maxSampleMib() {
        double m = Double.NaN;
        for (int i = 0; i < n; i++) m = Double.isNaN(m) ? mib[i] : Math.max(m, mib[i]);
        return m;
    }

    /** Peak resident size of the process so far in MiB (VmHWM), NaN if unknown. */
    public static double processPeakMib() {
        long p = ProcessMemory.peakResidentBytes();
        return p < 0 ? Double.NaN : p / 1048576.0;
    }

    /** Index of the first sample after warm-up: a quarter of the samples are skipped. */
    private int warmedUp() {
        return n / 4;
    }

    /** MiB per unit, least squares over the samples after warm-up; NaN with fewer than 3 of them. */
    public synchronized double growthPerUnit() {
        int from = warmedUp();
        int m = n - from;
        if (m < 3) return Double.NaN;
        double sx = 0;
        double sy = 0;
        for (int i = from; i < n; i++) {
            sx += step[i];
            sy += mib[i];
        }
        double mx = sx / m;
        double my = sy / m;
        double sxy = 0;
        double sxx = 0;
        for (int i = from; i < n; i++) {
            sxy += (step[i] - mx) * (mib[i] - my);
            sxx += (step[i] - mx) * (step[i] - mx);
        }
        return sxx == 0 ? Double.NaN : sxy / sxx;
    }

    /** First unit after warm-up (the start of the fit), -1 if no samples. */
    public synchronized long fitStart() {
        return n == 0 ? -1 : (long) step[warmedUp()];
    }

    /**
     * "peak 812.0 MiB, final 790.5 MiB, growth +0.02 MiB per iteration (fit over iterations 26-100)",
     * or a note that the platform does not report resident memory.
     */
    public synchronized String summary(String unit) {
        if (n == 0) return "not reported on this platform";
        double g = growthPerUnit();
        String growth = Double.isNaN(g) ? "growth n/a (too few samples)"
                : String.format(Locale.ROOT, "growth %+.3f MiB per %s (fit over %ss %d-%d)", g, unit, unit,
                (long) step[warmedUp()], (long) step[n - 1]);
        return String.format(Locale.ROOT, "peak %.1f MiB, final %.1f MiB, %s", processPeakMib(), finalMib(), growth);
    }
}
