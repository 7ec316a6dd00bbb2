package org.cryoet.tomo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.cryoet.io.TextFiles;
import org.cryoet.io.XfFile;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Per-view deformations of a tilt series (stack order): what the stage drift and beam-induced
 * motion did to each recorded image ({@link ProjectionDeformation}). The simulator draws them at
 * random with known values; the alignment refinement estimates them. Stored as an IMOD {@code .xf}
 * file (global part) and a table of control-point displacements (local part).
 */
public final class Misalignment {
    private final ProjectionDeformation[] views;

    public Misalignment(ProjectionDeformation[] views) {
        if (views.length == 0) throw new IllegalArgumentException("no views");
        this.views = views.clone();
    }

    /** No deformation of any of {@code count} views. */
    public static Misalignment none(int count) {
        ProjectionDeformation[] v = new ProjectionDeformation[count];
        java.util.Arrays.fill(v, ProjectionDeformation.identity());
        return new Misalignment(v);
    }

    /**
     * Random deformations: shifts and rotation angles, and local control-point displacements on a
     * {@code grid x grid} lattice, drawn independently per view from zero-mean Gaussians with the
     * given standard deviations, truncated at 2.5 standard deviations (so a standard deviation s
     * gives values of at most 2.5 s before the next step). The local field is then made free of a rigid part: its mean
     * displacement and its best-fit rotation over the {@code width x height} detector are removed
     * ({@link ProjectionDeformation#withRigidFreeLocal}), so that the drawn shift and rotation are the
     * whole rigid motion of the view and "local" means what is left after it.
     */
    public static Misalignment random(int count, Spec spec, int width, int height) {
        ProjectionDeformation[] v = new ProjectionDeformation[count];
        ProjectionDeformation.RigidFunctionals rigid = spec.localSd() > 0
                ? ProjectionDeformation.rigidFunctionals(width, height, spec.localGrid(), spec.localGrid()) : null;
        for (int t = 0; t < count; t++) {
            SplittableRandom rng = new SplittableRandom(spec.seed() * 1_000_003L + t);
            double sx = truncated(rng, spec.shiftSd()), sy = truncated(rng, spec.shiftSd());
            double rot = truncated(rng, spec.rotationSdDeg());
            if (spec.localSd() > 0) {
                int g = spec.localGrid();
                double[] lx = new double[g * g], ly = new double[g * g];
                for (int k = 0; k < lx.length; k++) {
                    lx[k] = truncated(rng, spec.localSd());
                    ly[k] = truncated(rng, spec.localSd());
                }
                v[t] = new ProjectionDeformation(sx, sy, rot, g, g, lx, ly).withRigidFreeLocal(rigid);
            } else {
                v[t] = ProjectionDeformation.rigid(sx, sy, rot);
            }
        }
        return new Misalignment(v);
    }

    private static double truncated(SplittableRandom rng, double sd) {
        if (sd == 0) return 0;
        double g;
        do {
            g = rng.nextGaussian();
        } while (Math.abs(g) > 2.5);
        return g * sd;
    }

    /**
     * How to draw a random misalignment.
     *
     * @param shiftSd       standard deviation of each shift component (pixels)
     * @param rotationSdDeg standard deviation of the in-plane rotation (degrees)
     * @param localSd       standard deviation of each control-point displacement component (pixels)
     * @param localGrid     control points per side of the local deformation grid (at least 2)
     * @param seed          random seed
     */
    public record Spec(double shiftSd, double rotationSdDeg, double localSd, int localGrid, long seed) {
        public static final int DEFAULT_LOCAL_GRID = 5;

        public Spec {
            if (!(shiftSd >= 0) || !(rotationSdDeg >= 0) || !(localSd >= 0) || !Double.isFinite(shiftSd)
                    || !Double.isFinite(rotationSdDeg) || !Double.isFinite(localSd)) {
                throw new CryoEtException("Misalignment standard deviations must be finite and not negative (shift "
                        + shiftSd + " px, rotation " + rotationSdDeg + " deg, local " + localSd + " px)");
            }
            if (localGrid < 2) throw new CryoEtException("The local deformation grid needs at least 2 x 2 control points");
        }

        /** Whether this draws no deformation at all. */
        public boolean isNone() {
            return shiftSd == 0 && rotationSdDeg == 0 && localSd == 0;
        }
    }

    public int size() {
        return views.length;
    }

    public ProjectionDeformation view(int t) {
        return views[t];
    }

    public boolean hasLocal() {
        for (ProjectionDeformation v : views) if (v.hasLocal()) return true;
        return false;
    }

    /** Deforms every section of a stack of ideal projections (one view per section). */
    public Volume apply(Volume ideal) {
        if (ideal.nz() != views.length) {
            throw new IllegalArgumentException(ideal.nz() + " projections for " + views.length + " deformations");
        }
        int w = ideal.nx(), h = ideal.ny(), area = w * h;
        Volume out = Volume.create(w, h, ideal.nz(), ideal.calibration());
        float[] src = ideal.data(), dst = out.data();
        Parallel.forEach(views.length, t -> {
            float[] image = java.util.Arrays.copyOfRange(src, t * area, (t + 1) * area);
            System.arraycopy(views[t].apply(image, w, h), 0, dst, t * area, area);
        });
        return out;
    }

    /** The global parts as IMOD {@code .xf} rows (raw to aligned). */
    public double[][] xfRows() {
        double[][] rows = new double[views.length][];
        for (int t = 0; t < views.length; t++) rows[t] = views[t].xfRow();
        return rows;
    }

    /** Writes the global parts as an IMOD {@code .xf} file. */
    public void writeXf(Path path, boolean overwrite) {
        XfFile.write(path, xfRows(), overwrite);
    }

    /**
     * Writes the local parts as a table, one line per control point of each view:
     * {@code view i j x y dx dy}, with (x, y) the control point in pixels (0 at the first pixel
     * centre) of a {@code width x height} image and (dx, dy) its displacement phi in pixels.
     */
    public void writeLocal(Path path, int width, int height, boolean overwrite) {
        StringBuilder sb = new StringBuilder();
        sb.append("# local deformation phi of each view at its control points (pixels); the recorded pixel x reads\n");
        sb.append("# the ideal projection at R(x + phi(x)) - shift, phi interpolated by Catmull-Rom between points\n");
        sb.append("# view i j x y dx dy\n");
        for (int t = 0; t < views.length; t++) {
            ProjectionDeformation v = views[t];
            for (int j = 0; j < v.gridY(); j++) {
                for (int i = 0; i < v.gridX(); i++) {
                    double x = i * (width - 1) / (double) (v.gridX() - 1);
                    double y = j * (height - 1) / (double) (v.gridY() - 1);
                    sb.append(String.format(Locale.ROOT, "%d %d %d %.3f %.3f %.6f %.6f%n", t, i, j, x, y,
                            v.localX(i, j), v.localY(i, j)));
                }
            }
        }
        AtomicOutput.write(path, overwrite, tmp -> Files.writeString(tmp, sb.toString()));
    }

    /**
     * Reads a misalignment from an {@code .xf} file and, if {@code local} is not null, a table
     * written by {@link #writeLocal} for the same views.
     */
    public static Misalignment read(Path xf, Path local) {
        double[][] rows = XfFile.read(xf);
        ProjectionDeformation[] v = new ProjectionDeformation[rows.length];
        for (int t = 0; t < rows.length; t++) v[t] = ProjectionDeformation.fromXfRow(rows[t]);
        if (local == null) return new Misalignment(v);
        List<String> lines = TextFiles.readLines(local, "Local deformation file");
        int gx = 0, gy = 0;
        List<double[]> entries = new java.util.ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String s = lines.get(n).strip();
            if (s.isEmpty() || s.startsWith("#")) continue;
            String[] f = s.split("\\s+");
            if (f.length != 7) {
                throw new CryoEtException("Local deformation file " + local + " line " + (n + 1)
                        + ": expected 7 numbers (view i j x y dx dy), found " + f.length);
            }
            double[] e = new double[7];
            try {
                for (int k = 0; k < 7; k++) e[k] = Double.parseDouble(f[k]);
            } catch (NumberFormatException ex) {
                throw new CryoEtException("Local deformation file " + local + " line " + (n + 1) + " is not numeric");
            }
            if (e[0] < 0 || e[0] >= rows.length || e[1] < 0 || e[2] < 0) {
                throw new CryoEtException("Local deformation file " + local + " line " + (n + 1) + ": view "
                        + (long) e[0] + " is not one of the " + rows.length + " views of " + xf);
            }
            gx = Math.max(gx, (int) e[1] + 1);
            gy = Math.max(gy, (int) e[2] + 1);
            entries.add(e);
        }
        if (entries.isEmpty()) return new Misalignment(v);
        double[][] lx = new double[rows.length][gx * gy], ly = new double[rows.length][gx * gy];
        for (double[] e : entries) {
            lx[(int) e[0]][(int) e[2] * gx + (int) e[1]] = e[5];
            ly[(int) e[0]][(int) e[2] * gx + (int) e[1]] = e[6];
        }
        for (int t = 0; t < rows.length; t++) {
            v[t] = new ProjectionDeformation(v[t].shiftX(), v[t].shiftY(), v[t].rotationDeg(), gx, gy, lx[t], ly[t]);
        }
        return new Misalignment(v);
    }
}
