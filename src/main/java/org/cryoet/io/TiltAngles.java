package org.cryoet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

/** IMOD {@code .tlt} / {@code .rawtlt} angle files: one angle in degrees per line. */
public final class TiltAngles {
    private TiltAngles() {
    }

    /** Reads the angles (degrees). Blank lines are ignored; anything not a number is an error naming the line. */
    public static double[] read(Path path) {
        List<String> lines;
        try {
            lines = Files.readAllLines(path);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read angle file " + path + ": " + e.getMessage(), e);
        }
        List<Double> angles = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i).trim();
            if (t.isEmpty()) continue;
            try {
                double a = Double.parseDouble(t.split("\\s+")[0]);
                if (!Double.isFinite(a) || Math.abs(a) > 90) {
                    throw new CryoEtException("Angle file " + path + " line " + (i + 1) + ": angle " + t
                            + " is outside -90..90 degrees");
                }
                angles.add(a);
            } catch (NumberFormatException e) {
                throw new CryoEtException("Angle file " + path + " line " + (i + 1) + ": '" + t + "' is not a number");
            }
        }
        if (angles.isEmpty()) throw new CryoEtException("Angle file " + path + " holds no angles");
        return angles.stream().mapToDouble(Double::doubleValue).toArray();
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

    /** Writes the angles, one per line with two decimals as IMOD does, atomically. */
    public static void write(Path path, double[] angles, boolean overwrite) {
        AtomicOutput.write(path, overwrite, tmp -> {
            StringBuilder sb = new StringBuilder();
            for (double a : angles) sb.append(String.format(java.util.Locale.ROOT, "%8.2f%n", a));
            Files.writeString(tmp, sb.toString());
        });
    }
}
