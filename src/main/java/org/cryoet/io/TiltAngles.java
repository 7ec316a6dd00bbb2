package org.cryoet.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

/**
 * IMOD {@code .tlt} / {@code .rawtlt} angle files: angles in degrees, in stack order. IMOD writes
 * one per line; its {@code tilt} program also accepts several per line, so any whitespace or
 * comma separates numbers. Blank lines and {@code #} comments (to the end of the line) are
 * ignored; anything else that is not a number is an error naming the file and line.
 */
public final class TiltAngles {
    private TiltAngles() {
    }

    /** Reads the angles (degrees, each within -90..90). */
    public static double[] read(Path path) {
        List<String> lines = TextFiles.readLines(path, "Angle file");
        List<Double> angles = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i);
            int hash = t.indexOf('#');
            if (hash >= 0) t = t.substring(0, hash);
            t = t.strip();
            if (t.isEmpty()) continue;
            for (String token : t.split("[\\s,]+")) {
                if (token.isEmpty()) continue;
                double a;
                try {
                    a = Double.parseDouble(token);
                } catch (NumberFormatException e) {
                    throw new CryoEtException("Angle file " + path + " line " + (i + 1) + ": '" + shorten(token)
                            + "' is not a number");
                }
                if (!Double.isFinite(a) || Math.abs(a) > 90) {
                    throw new CryoEtException("Angle file " + path + " line " + (i + 1) + ": angle " + token
                            + " is outside -90..90 degrees");
                }
                angles.add(a);
            }
        }
        if (angles.isEmpty()) throw new CryoEtException("Angle file " + path + " holds no angles");
        return angles.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Reads the angles and checks that there is one per section of a stack of {@code depth} images. */
    public static double[] read(Path path, int depth, Path stack) {
        double[] a = read(path);
        if (a.length != depth) {
            throw new CryoEtException("Angle file " + path + " has " + a.length + " angles but tilt series "
                    + stack + " has " + depth + " images");
        }
        return a;
    }

    /**
     * Writes the angles one per line, atomically: with two decimals as IMOD does when that is
     * exact, otherwise with as many digits as needed to read back the same double.
     */
    public static void write(Path path, double[] angles, boolean overwrite) {
        AtomicOutput.write(path, overwrite, tmp -> {
            StringBuilder sb = new StringBuilder();
            for (double a : angles) {
                String two = String.format(Locale.ROOT, "%.2f", a);
                String text = Double.parseDouble(two) == a ? two : Double.toString(a);
                sb.append(String.format(Locale.ROOT, "%8s%n", text));
            }
            Files.writeString(tmp, sb.toString());
        });
    }
}
