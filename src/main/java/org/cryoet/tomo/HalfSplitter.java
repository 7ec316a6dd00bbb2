package org.cryoet.tomo;

import java.util.Arrays;
import java.util.Locale;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Splits a recording into two halves with independent noise, for Noise2Noise-style training
 * (ICECREAM, cryoCARE, DeepDeWedge):
 * <ul>
 * <li><b>dose split</b> (frame split, "F2F"): the frames of every tilt are divided into even and
 *     odd frames (0-based recording index within the tilt: frames 0, 2, 4, ... and 1, 3, 5, ...)
 *     and each group is summed. Both halves keep every angle; each has about half the dose. With an
 *     odd frame count the even half gets one frame more (as cryoCARE's frames[0::2] / frames[1::2]).</li>
 * <li><b>angle split</b> (tilt split, "T2T"): the tilts are divided by their index in acquisition
 *     order (the 1st, 3rd, 5th ... recorded tilt go to the even half). Each half keeps its tilts in
 *     stack order, with its own angle list and twice the angular step.</li>
 * </ul>
 * Dose splitting is preferred where frames exist (both papers): angle-split halves differ in
 * angular sampling, and with a dose-symmetric order of group size 1 (0, +s, -s, +2s, ...) the
 * even half is the zero tilt plus one side and the odd half is the other side, see
 * {@link #rangeWarning}.
 */
public final class HalfSplitter {
    private HalfSplitter() {
    }

    /**
     * Two half tilt series and their angles (stack order).
     *
     * @param evenTilts stack indices (in the input series) of the tilts in the even half
     * @param oddTilts  stack indices of the tilts in the odd half
     */
    public record Halves(Volume even, Volume odd, double[] evenAngles, double[] oddAngles,
                         int[] evenTilts, int[] oddTilts) {
    }

    /** Dose split of a frame stack (see the class comment); messages call the stack "frame stack". */
    public static Halves doseSplit(Volume frames, int framesPerTilt, double[] angles) {
        return doseSplit(frames, framesPerTilt, angles, "frame stack");
    }

    /**
     * Dose split. The frame stack holds the tilts in stack order, F consecutive frames per tilt in
     * recording order (frame k of tilt t is section t * F + k).
     *
     * @param angles one angle per tilt (copied to both halves)
     * @param source name of the frame stack, for error messages
     */
    public static Halves doseSplit(Volume frames, int framesPerTilt, double[] angles, String source) {
        if (framesPerTilt < 2) {
            throw new CryoEtException("A dose split needs at least 2 frames per tilt, but " + source + " has "
                    + framesPerTilt + " per tilt");
        }
        int total = frames.nz();
        if (total % framesPerTilt != 0) {
            throw new CryoEtException(source + " has " + total + " frames, which is not a multiple of "
                    + framesPerTilt + " frames per tilt");
        }
        int tilts = total / framesPerTilt;
        if (angles.length != tilts) {
            throw new CryoEtException("There are " + angles.length + " tilt angles but " + source + " holds "
                    + tilts + " tilts of " + framesPerTilt + " frames");
        }
        int area = frames.nx() * frames.ny();
        Volume even = Volume.create(frames.nx(), frames.ny(), tilts, frames.calibration());
        Volume odd = Volume.create(frames.nx(), frames.ny(), tilts, frames.calibration());
        float[] f = frames.data(), e = even.data(), o = odd.data();
        Parallel.forEach(tilts, t -> {
            int out = t * area;
            for (int k = 0; k < framesPerTilt; k++) {
                float[] dst = (k % 2 == 0) ? e : o;
                int src = (t * framesPerTilt + k) * area;
                for (int i = 0; i < area; i++) dst[out + i] += f[src + i];
            }
        });
        int[] all = new int[tilts];
        for (int t = 0; t < tilts; t++) all[t] = t;
        return new Halves(even, odd, angles.clone(), angles.clone(), all, all.clone());
    }

    /** Angle split in file order (the tilts alternate between the halves along the stack). */
    public static Halves angleSplit(Volume tiltSeries, double[] angles) {
        return angleSplit(tiltSeries, angles, null, "tilt series");
    }

    /**
     * Angle split: the k-th recorded tilt goes to the even half if k is even, to the odd half
     * otherwise; each half lists its tilts in stack order.
     *
     * @param acquisitionOrder element k: the stack index of the k-th recorded tilt; null for file order
     * @param source           name of the tilt series, for error messages
     */
    public static Halves angleSplit(Volume tiltSeries, double[] angles, int[] acquisitionOrder, String source) {
        int n = tiltSeries.nz();
        if (angles.length != n) {
            throw new CryoEtException("There are " + angles.length + " tilt angles but " + source + " has " + n
                    + " tilts");
        }
        if (n < 4) {
            throw new CryoEtException("An angle split needs at least 4 tilts (2 per half), but " + source
                    + " has " + n);
        }
        int[] order = acquisitionOrder;
        if (order == null) {
            order = new int[n];
            for (int i = 0; i < n; i++) order[i] = i;
        }
        if (order.length != n) {
            throw new CryoEtException("The acquisition order lists " + order.length + " tilts but " + source
                    + " has " + n);
        }
        boolean[] seen = new boolean[n];
        for (int s : order) {
            if (s < 0 || s >= n || seen[s]) {
                throw new CryoEtException("The acquisition order for " + source + " is not a permutation of its "
                        + n + " tilts");
            }
            seen[s] = true;
        }
        boolean[] isEven = new boolean[n];
        for (int k = 0; k < n; k += 2) isEven[order[k]] = true;
        int nEven = (n + 1) / 2, nOdd = n / 2;
        int[] evenTilts = new int[nEven], oddTilts = new int[nOdd];
        for (int s = 0, a = 0, b = 0; s < n; s++) {
            if (isEven[s]) evenTilts[a++] = s;
            else oddTilts[b++] = s;
        }
        return new Halves(sections(tiltSeries, evenTilts), sections(tiltSeries, oddTilts),
                pick(angles, evenTilts), pick(angles, oddTilts), evenTilts, oddTilts);
    }

    /**
     * The acquisition order of a stack from an order file's content: the angles in the order they
     * were recorded (as in a SerialEM .mdoc or a raw angle log). Each listed angle is matched to a
     * stack tilt by rank (the i-th smallest listed angle is the i-th smallest stack angle), so
     * aligned angles (.tlt) and raw angles (.rawtlt) may differ by a constant offset; after removing
     * the mean offset each pair must agree within half the smallest gap between stack angles.
     *
     * @return element k: the stack index of the k-th listed angle
     */
    public static int[] orderFromAngles(double[] stackAngles, double[] acquisitionAngles, String orderSource) {
        int n = stackAngles.length;
        if (acquisitionAngles.length != n) {
            throw new CryoEtException("Order file " + orderSource + " lists " + acquisitionAngles.length
                    + " angles but the tilt series has " + n);
        }
        Integer[] stackRank = rank(stackAngles);
        Integer[] acqRank = rank(acquisitionAngles);
        for (int r = 1; r < n; r++) {
            if (acquisitionAngles[acqRank[r]] == acquisitionAngles[acqRank[r - 1]]) {
                throw new CryoEtException("Order file " + orderSource + " lists the angle "
                        + acquisitionAngles[acqRank[r]] + " twice");
            }
        }
        double offset = 0;
        for (int r = 0; r < n; r++) offset += acquisitionAngles[acqRank[r]] - stackAngles[stackRank[r]];
        offset /= n;
        double minGap = Double.POSITIVE_INFINITY;
        for (int r = 1; r < n; r++) {
            minGap = Math.min(minGap, stackAngles[stackRank[r]] - stackAngles[stackRank[r - 1]]);
        }
        double tolerance = 0.5 * minGap;
        int[] order = new int[n];
        for (int r = 0; r < n; r++) {
            int k = acqRank[r];
            int s = stackRank[r];
            double diff = acquisitionAngles[k] - stackAngles[s] - offset;
            if (Math.abs(diff) > tolerance) {
                throw new CryoEtException(String.format(Locale.ROOT,
                        "Order file %s: angle %.2f (line %d) does not match tilt %d at %.2f degrees; the file must "
                                + "list the same tilts as the angle file, in acquisition order", orderSource,
                        acquisitionAngles[k], k + 1, s + 1, stackAngles[s]));
            }
            order[k] = s;
        }
        return order;
    }

    /**
     * A warning when a half does not cover the range of the full series: its span is shorter than
     * the full span minus two of the largest angular steps (what alternating tilts lose at most),
     * e.g. after an angle split in dose-symmetric order with group size 1; null when balanced.
     */
    public static String rangeWarning(Halves h, double[] allAngles) {
        double[] sorted = allAngles.clone();
        Arrays.sort(sorted);
        double min = sorted[0], max = sorted[sorted.length - 1];
        double maxStep = 0;
        for (int i = 1; i < sorted.length; i++) maxStep = Math.max(maxStep, sorted[i] - sorted[i - 1]);
        StringBuilder sb = new StringBuilder();
        String[] names = {"even", "odd"};
        double[][] lists = {h.evenAngles(), h.oddAngles()};
        for (int i = 0; i < 2; i++) {
            double lo = Arrays.stream(lists[i]).min().orElse(0), hi = Arrays.stream(lists[i]).max().orElse(0);
            if (hi - lo < max - min - 2 * maxStep - 1e-9) {
                if (sb.length() > 0) sb.append("; ");
                sb.append(String.format(Locale.ROOT, "the %s half spans only %.1f..%.1f of %.1f..%.1f degrees",
                        names[i], lo, hi, min, max));
            }
        }
        if (sb.length() == 0) return null;
        return sb + " (the halves have different missing wedges; a dose-symmetric order with group size 1 "
                + "alternates sides: prefer a dose split, or split in file order)";
    }

    private static Integer[] rank(double[] a) {
        Integer[] idx = new Integer[a.length];
        for (int i = 0; i < a.length; i++) idx[i] = i;
        Arrays.sort(idx, (p, q) -> Double.compare(a[p], a[q]));
        return idx;
    }

    private static Volume sections(Volume stack, int[] which) {
        int area = stack.nx() * stack.ny();
        Volume out = Volume.create(stack.nx(), stack.ny(), which.length, stack.calibration());
        for (int i = 0; i < which.length; i++) {
            System.arraycopy(stack.data(), which[i] * area, out.data(), i * area, area);
        }
        return out;
    }

    private static double[] pick(double[] a, int[] which) {
        double[] out = new double[which.length];
        for (int i = 0; i < which.length; i++) out[i] = a[which[i]];
        return out;
    }
}
