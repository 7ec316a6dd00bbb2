package org.cryoet.evaluate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.cryoet.fourier.Fft3d;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Template matching by normalised cross-correlation (NCC) computed with FFTs, peak picking with
 * non-maximum suppression, and scoring of the picks against known particle positions.
 *
 * <p>The template (a cube of odd edge) is compared with the volume under a spherical mask of
 * radius {@code edge/2}: for a candidate centre p,
 * NCC(p) = Σ_m t'(x)·v(p+x) / (‖t'‖ · sqrt(Σ_m v(p+x)² − (Σ_m v(p+x))²/n_m)), where t' is the
 * template minus its mean inside the mask (zero outside) and n_m the number of mask voxels. The
 * three sums are circular correlations evaluated with volume-sized FFTs, so a template near a
 * border wraps around to the opposite side.
 */
public final class TemplateMatching {

    /** A picked position (voxel indices) with its NCC score. */
    public record Pick(int x, int y, int z, double score) {
    }

    /** Precision and recall of picks against true positions, with the number of matched picks. */
    public record Detection(int picks, int truths, int matched, double precision, double recall) {
    }

    private TemplateMatching() {
    }

    /** The NCC map: one score per candidate centre, same shape as {@code volume}. */
    public static Volume ncc(Volume volume, Volume template) {
        int b = template.nx();
        if (template.ny() != b || template.nz() != b || b % 2 == 0) {
            throw new CryoEtException("Template must be a cube of odd edge, got " + template);
        }
        int nx = volume.nx(), ny = volume.ny(), nz = volume.nz();
        if (b > nx || b > ny || b > nz) {
            throw new CryoEtException("Template " + template + " is larger than the volume " + volume);
        }
        int h = b / 2;
        double r2 = (h + 0.5) * (h + 0.5);
        // mask and zero-mean template, placed with their centre at the origin (wrapped)
        float[] t = template.data();
        double sum = 0;
        int count = 0;
        for (int z = 0; z < b; z++) {
            for (int y = 0; y < b; y++) {
                for (int x = 0; x < b; x++) {
                    if (inMask(x - h, y - h, z - h, r2)) {
                        sum += t[x + b * (y + b * z)];
                        count++;
                    }
                }
            }
        }
        double mean = sum / count;
        int n = nx * ny * nz;
        float[] tm = new float[n];
        float[] mask = new float[n];
        double norm2 = 0;
        for (int z = 0; z < b; z++) {
            for (int y = 0; y < b; y++) {
                for (int x = 0; x < b; x++) {
                    if (!inMask(x - h, y - h, z - h, r2)) continue;
                    int i = Math.floorMod(x - h, nx) + nx * (Math.floorMod(y - h, ny) + ny * Math.floorMod(z - h, nz));
                    double d = t[x + b * (y + b * z)] - mean;
                    tm[i] = (float) d;
                    mask[i] = 1;
                    norm2 += d * d;
                }
            }
        }
        if (!(norm2 > 0)) throw new CryoEtException("Template is constant inside its mask: nothing to match");
        // standardised copy: NCC does not change, and float FFTs keep the local variance accurate
        float[] v = standardised(volume.data());
        float[] v2 = new float[n];
        for (int i = 0; i < n; i++) v2[i] = v[i] * v[i];
        float[] fv = Fft3d.forward(v, nx, ny, nz);
        float[] fv2 = Fft3d.forward(v2, nx, ny, nz);
        double[] num = correlate(fv, Fft3d.forward(tm, nx, ny, nz), nx, ny, nz);
        float[] fm = Fft3d.forward(mask, nx, ny, nz);
        double[] s1 = correlate(fv, fm, nx, ny, nz);
        double[] s2 = correlate(fv2, fm, nx, ny, nz);
        Volume out = Volume.create(nx, ny, nz, volume.calibration());
        float[] o = out.data();
        double tn = Math.sqrt(norm2);
        for (int i = 0; i < n; i++) {
            double var = s2[i] - s1[i] * s1[i] / count;
            // a flat neighbourhood has no defined correlation; 0 keeps it out of the picks
            o[i] = var > 1e-12 * Math.max(1, Math.abs(s2[i])) ? (float) (num[i] / (tn * Math.sqrt(var))) : 0f;
        }
        return out;
    }

    private static float[] standardised(float[] d) {
        double sum = 0, ss = 0;
        for (float f : d) sum += f;
        double mean = sum / d.length;
        for (float f : d) ss += (f - mean) * (f - mean);
        double sd = Math.sqrt(ss / d.length);
        double scale = sd > 0 ? 1 / sd : 1;
        float[] out = new float[d.length];
        for (int i = 0; i < d.length; i++) out[i] = (float) ((d[i] - mean) * scale);
        return out;
    }

    private static boolean inMask(int dx, int dy, int dz, double r2) {
        return dx * dx + dy * dy + dz * dz <= r2;
    }

    /** Circular cross-correlation c(p) = Σ_x a(p + x)·b(x) from the two spectra (double precision result). */
    private static double[] correlate(float[] fa, float[] fb, int nx, int ny, int nz) {
        int n = nx * ny * nz;
        float[] c = new float[2 * n];
        for (int i = 0; i < n; i++) {
            double ar = fa[2 * i], ai = fa[2 * i + 1], br = fb[2 * i], bi = -fb[2 * i + 1];
            c[2 * i] = (float) (ar * br - ai * bi);
            c[2 * i + 1] = (float) (ar * bi + ai * br);
        }
        Fft3d.inverseComplex(c, nx, ny, nz);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = c[2 * i];
        return out;
    }

    /**
     * The {@code k} highest local maxima of a score map (each above its 26 neighbours or equal to
     * them), greedily accepted in decreasing score when farther than {@code minDistance} voxels
     * from every pick already accepted (non-maximum suppression).
     */
    public static List<Pick> peaks(Volume scores, int k, double minDistance) {
        int nx = scores.nx(), ny = scores.ny(), nz = scores.nz();
        float[] s = scores.data();
        List<Pick> maxima = new ArrayList<>();
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    float c = s[x + nx * (y + ny * z)];
                    if (isLocalMaximum(s, nx, ny, nz, x, y, z, c)) maxima.add(new Pick(x, y, z, c));
                }
            }
        }
        maxima.sort(Comparator.comparingDouble(Pick::score).reversed()
                .thenComparingInt(Pick::z).thenComparingInt(Pick::y).thenComparingInt(Pick::x));
        List<Pick> picks = new ArrayList<>();
        double d2 = minDistance * minDistance;
        for (Pick p : maxima) {
            if (picks.size() >= k) break;
            boolean free = true;
            for (Pick q : picks) {
                double dx = p.x() - q.x(), dy = p.y() - q.y(), dz = p.z() - q.z();
                if (dx * dx + dy * dy + dz * dz <= d2) {
                    free = false;
                    break;
                }
            }
            if (free) picks.add(p);
        }
        return picks;
    }

    private static boolean isLocalMaximum(float[] s, int nx, int ny, int nz, int x, int y, int z, float c) {
        for (int dz = -1; dz <= 1; dz++) {
            int zz = z + dz;
            if (zz < 0 || zz >= nz) continue;
            for (int dy = -1; dy <= 1; dy++) {
                int yy = y + dy;
                if (yy < 0 || yy >= ny) continue;
                for (int dx = -1; dx <= 1; dx++) {
                    int xx = x + dx;
                    if (xx < 0 || xx >= nx || (dx == 0 && dy == 0 && dz == 0)) continue;
                    if (s[xx + nx * (yy + ny * zz)] > c) return false;
                }
            }
        }
        return true;
    }

    /**
     * Precision (matched picks / picks) and recall (matched truths / truths): picks are taken in
     * order (highest score first) and each is matched to the nearest still unmatched true position
     * within {@code tolerance} voxels. A ratio with a zero denominator is NaN.
     *
     * @param truths true centres {x, y, z} in voxels
     */
    public static Detection score(List<Pick> picks, List<double[]> truths, double tolerance) {
        boolean[] used = new boolean[truths.size()];
        int matched = 0;
        double t2 = tolerance * tolerance;
        for (Pick p : picks) {
            int best = -1;
            double bestD = Double.POSITIVE_INFINITY;
            for (int j = 0; j < truths.size(); j++) {
                if (used[j]) continue;
                double[] t = truths.get(j);
                double dx = p.x() - t[0], dy = p.y() - t[1], dz = p.z() - t[2];
                double d = dx * dx + dy * dy + dz * dz;
                if (d <= t2 && d < bestD) {
                    bestD = d;
                    best = j;
                }
            }
            if (best >= 0) {
                used[best] = true;
                matched++;
            }
        }
        double precision = picks.isEmpty() ? Double.NaN : matched / (double) picks.size();
        double recall = truths.isEmpty() ? Double.NaN : matched / (double) truths.size();
        return new Detection(picks.size(), truths.size(), matched, precision, recall);
    }
}
