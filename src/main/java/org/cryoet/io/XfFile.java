package org.cryoet.io;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

/**
 * IMOD {@code .xf} transform files: one line per view, {@code A11 A12 A21 A22 DX DY}, mapping raw
 * image coordinates to aligned ones relative to the image centre (X' = A X + d), the direction
 * {@code newstack} applies to produce an aligned stack. Blank lines and {@code #} comments are
 * ignored on reading.
 */
public final class XfFile {
    private XfFile() {
    }

    /** Reads the rows (six numbers each, finite, with a non-singular matrix). */
    public static double[][] read(Path path) {
        List<String> lines = TextFiles.readLines(path, "Transform file");
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String t = lines.get(i);
            int hash = t.indexOf('#');
            if (hash >= 0) t = t.substring(0, hash);
            t = t.strip();
            if (t.isEmpty()) continue;
            String[] tokens = t.split("\\s+");
            if (tokens.length != 6) {
                throw new CryoEtException("Transform file " + path + " line " + (i + 1) + " has " + tokens.length
                        + " numbers; an .xf line has six (A11 A12 A21 A22 DX DY)");
            }
            double[] row = new double[6];
            for (int k = 0; k < 6; k++) {
                try {
                    row[k] = Double.parseDouble(tokens[k]);
                } catch (NumberFormatException e) {
                    throw new CryoEtException("Transform file " + path + " line " + (i + 1) + ": '" + tokens[k]
                            + "' is not a number");
                }
                if (!Double.isFinite(row[k])) {
                    throw new CryoEtException("Transform file " + path + " line " + (i + 1) + " has a non-finite value");
                }
            }
            if (Math.abs(row[0] * row[3] - row[1] * row[2]) < 1e-9) {
                throw new CryoEtException("Transform file " + path + " line " + (i + 1) + " has a singular matrix");
            }
            rows.add(row);
        }
        if (rows.isEmpty()) throw new CryoEtException("Transform file " + path + " has no transforms");
        return rows.toArray(new double[0][]);
    }

    /** Writes the rows in IMOD's column layout (atomically; refuses to replace a file without overwrite). */
    public static void write(Path path, double[][] rows, boolean overwrite) {
        StringBuilder sb = new StringBuilder();
        for (double[] r : rows) {
            if (r.length != 6) throw new IllegalArgumentException("an .xf row has six numbers");
            sb.append(String.format(Locale.ROOT, "%12.7f%12.7f%12.7f%12.7f%12.3f%12.3f%n", r[0], r[1], r[2], r[3],
                    r[4], r[5]));
        }
        AtomicOutput.write(path, overwrite, tmp -> Files.writeString(tmp, sb.toString()));
    }
}
