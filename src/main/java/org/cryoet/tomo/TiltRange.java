package org.cryoet.tomo;

import org.cryoet.io.TiltAngles;
import org.cryoet.util.CryoEtException;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The range of tilt angles a tomogram was measured over, in degrees: it defines the missing wedge.
 * One parser and one set of checks for every shell (command line, Fiji, macros), so the same text
 * or file gives the same range everywhere.
 *
 * @param min smallest tilt angle, at least -90
 * @param max largest tilt angle, at most 90 and larger than {@code min}
 */
public record TiltRange(double min, double max) {

    public TiltRange {
        if (!(min < max) || min < -90 || max > 90) {
            throw new CryoEtException(String.format(Locale.ROOT,
                    "Invalid tilt range %s..%s degrees: need -90 <= MIN < MAX <= 90", fmt(min), fmt(max)));
        }
    }

    /**
     * Parses "MIN,MAX" (degrees); {@code what} names the source in the error, e.g. "--tilt-range".
     */
    public static TiltRange parse(String text, String what) {
        String[] f = text == null ? new String[0] : text.split(",");
        try {
            if (f.length == 2) {
                double lo = Double.parseDouble(f[0].trim());
                double hi = Double.parseDouble(f[1].trim());
                if (lo < hi && lo >= -90 && hi <= 90) return new TiltRange(lo, hi);
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new CryoEtException(what + " must be MIN,MAX in degrees with -90 <= MIN < MAX <= 90, got '" + text + "'");
    }

    /** The range of the angles in a tilt file (.tlt/.rawtlt); at least two different angles. */
    public static TiltRange read(Path tiltFile) {
        double[] a = TiltAngles.read(tiltFile);
        double lo = Arrays.stream(a).min().orElse(Double.NaN);
        double hi = Arrays.stream(a).max().orElse(Double.NaN);
        if (!(lo < hi)) {
            throw new CryoEtException("The tilt angles in " + tiltFile + " span no range (" + a.length
                    + " angle(s), " + fmt(lo) + ".." + fmt(hi) + " degrees): need at least two different angles");
        }
        return new TiltRange(lo, hi);
    }

    /** True unless the range covers all directions (-90..90), which leaves no missing wedge. */
    public boolean hasMissingWedge() {
        return !(min <= -90 && max >= 90);
    }

    /** This range, or an error naming {@code source} when it leaves no missing wedge. */
    public TiltRange requireMissingWedge(String source) {
        if (!hasMissingWedge()) {
            throw new CryoEtException("The tilt range " + this + (source == null ? "" : " of " + source)
                    + " leaves no missing wedge; ICECREAM training needs one (give the range actually measured)");
        }
        return this;
    }

    @Override
    public String toString() {
        return fmt(min) + ".." + fmt(max) + " degrees";
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e6 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
