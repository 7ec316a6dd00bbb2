package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class FilteredBackProjectionTest {

    private static FbpOptions ramp(int thickness) {
        return FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).thickness(thickness).build();
    }

    @Test
    void fullRangePhantomReconstructsWithHighCorrelation() {
        int n = 64;
        SpherePhantom ph = SpherePhantom.standard(n);
        double[] angles = SpherePhantom.range(-90, 90, 1);
        Volume ts = ph.project(n, n, angles);
        Volume truth = ph.volume(n, n, n);
        Volume rec = FilteredBackProjection.reconstruct(ts, angles, ramp(n), null);
        assertEquals(n, rec.nx());
        assertEquals(n, rec.ny());
        assertEquals(n, rec.nz());
        double cc = SpherePhantom.pearson(rec.data(), truth.data());
        System.out.printf("64^3 phantom, -90..90 step 1: CC ramp %.4f%n", cc);
        assertTrue(cc >= 0.97, "CC with ground truth " + cc);
        Volume recRadial = FilteredBackProjection.reconstruct(ts, angles,
                FbpOptions.builder().thickness(n).build(), null);
        double ccRadial = SpherePhantom.pearson(recRadial.data(), truth.data());
        System.out.printf("64^3 phantom, -90..90 step 1: CC radial %.4f%n", ccRadial);
        assertTrue(ccRadial >= 0.97, "CC with ground truth (radial) " + ccRadial);
    }

    @Test
    void unitDensityObjectReconstructsToUnitDensity() {
        int n = 64;
        SpherePhantom ph = new SpherePhantom(new double[] {0, 0, 0, 24, 1.0});
        double[] angles = SpherePhantom.range(-90, 90, 1.5);
        Volume ts = ph.project(n, n, angles);
        for (FbpOptions.FilterType f : FbpOptions.FilterType.values()) {
            Volume rec = FilteredBackProjection.reconstruct(ts, angles,
                    FbpOptions.builder().filter(f).thickness(n).sirtIterations(300).build(), null);
            // mean over the inner part of the sphere (radius 16), and outside (radius 28..31)
            double in = 0, out = 0;
            int nIn = 0, nOut = 0;
            double c = (n - 1) / 2.0;
            for (int z = 0; z < n; z++) {
                for (int y = 0; y < n; y++) {
                    for (int x = 0; x < n; x++) {
                        double r = Math.sqrt((x - c) * (x - c) + (y - c) * (y - c) + (z - c) * (z - c));
                        if (r < 16) {
                            in += rec.get(x, y, z);
                            nIn++;
                        } else if (r > 28 && r < 31) {
                            out += rec.get(x, y, z);
                            nOut++;
                        }
                    }
                }
            }
            in /= nIn;
            out /= nOut;
            assertEquals(1.0, in, 0.03, f + ": mean density inside");
            assertEquals(0.0, out, 0.03, f + ": mean density outside");
        }
    }

    /** Index of the largest voxel. */
    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) if (a[i] > a[best]) best = i;
        return best;
    }

    @Test
    void pointSourceLandsOnItsVoxelAndStreaksAlongTheRay() {
        int nx = 48, ny = 8, nz = 40;
        int x0 = 30, y0 = 5, z0 = 12; // off-centre in x and z
        Volume vol = Volume.create(nx, ny, nz, Calibration.UNIT);
        vol.set(x0, y0, z0, 1);
        for (double t : new double[] {30, -30}) {
            double[] one = {t};
            Volume ts = ForwardProjector.project(vol, one);
            Volume rec = FilteredBackProjection.reconstruct(ts, one, ramp(nz), null);
            double th = Math.toRadians(t);
            // along the ray direction (sin t, 0, cos t) through the point: the same (peak) value
            float atPoint = rec.get(x0, y0, z0);
            for (int k : new int[] {-8, 8}) {
                int xs = (int) Math.round(x0 + k * Math.sin(th)), zs = (int) Math.round(z0 + k * Math.cos(th));
                double along = rec.get(xs, y0, zs);
                // the mirrored direction (-sin t, 0, cos t) misses the streak
                int xm = (int) Math.round(x0 - k * Math.sin(th));
                double mirrored = rec.get(xm, y0, zs);
                assertTrue(along > 0.5 * atPoint, t + " deg: streak value " + along + " vs point " + atPoint);
                assertTrue(Math.abs(mirrored) < 0.1 * atPoint, t + " deg: mirrored " + mirrored + " vs " + atPoint);
            }
            // other rows get nothing
            assertEquals(0, rec.get(x0, y0 - 2, z0), 1e-6);
        }
        double[] both = {-30, 30};
        Volume rec = FilteredBackProjection.reconstruct(ForwardProjector.project(vol, both), both, ramp(nz), null);
        assertEquals(vol.index(x0, y0, z0), argmax(rec.data()), "maximum of the +-30 reconstruction");
        double[] many = SpherePhantom.range(-60, 60, 3);
        rec = FilteredBackProjection.reconstruct(ForwardProjector.project(vol, many), many, ramp(nz), null);
        assertEquals(vol.index(x0, y0, z0), argmax(rec.data()), "maximum of the -60..60 reconstruction");
    }

    /**
     * Slow per-voxel evaluation of the same interpolation model (cubic resampling of the
     * filtered line onto the cos-spaced grid, then linear interpolation on that grid), in double.
     */
    private static double[] naiveBackProject(Volume filtered, double[] anglesDeg, int nx, int nz) {
        int w = filtered.nx(), ny = filtered.ny();
        double cu = (w - 1) / 2.0, cx = (nx - 1) / 2.0, cz = (nz - 1) / 2.0;
        double[] out = new double[nx * ny * nz];
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double sum = 0;
                    for (int v = 0; v < anglesDeg.length; v++) {
                        double th = Math.toRadians(anglesDeg[v]);
                        double c = Math.cos(th), s = Math.sin(th);
                        double u = (x - cx) * c - (z - cz) * s + cu;
                        int off = w * (y + ny * v);
                        if (c * nx < FilteredBackProjection.CONSTANT_LINE) {
                            sum += cubicRef(filtered.data(), off, w, u);
                        } else {
                            double j = u / c;
                            double j0 = Math.floor(j), f = j - j0;
                            sum += (1 - f) * cubicRef(filtered.data(), off, w, j0 * c)
                                    + f * cubicRef(filtered.data(), off, w, (j0 + 1) * c);
                        }
                    }
                    out[x + nx * (y + ny * z)] = sum;
                }
            }
        }
        return out;
    }

    /** Catmull-Rom from its definition: sum over the 4 nearest samples of the kernel value. */
    private static double cubicRef(float[] d, int off, int w, double u) {
        double s = 0;
        for (int i = (int) Math.floor(u) - 1; i <= (int) Math.floor(u) + 2; i++) {
            if (i < 0 || i >= w) continue;
            double t = Math.abs(u - i);
            double k = t <= 1 ? 1.5 * t * t * t - 2.5 * t * t + 1
                    : t < 2 ? -0.5 * t * t * t + 2.5 * t * t - 4 * t + 2 : 0;
            s += k * d[off + i];
        }
        return s;
    }

    @Test
    void fastBackProjectionEqualsNaivePerVoxelEvaluation() {
        Random rnd = new Random(7);
        int w = 27, ny = 3;
        double[] angles = {-90, -85, -60, -47.5, -12.3, 0, 5, 33, 45, 71, 80, 89.99, 90};
        Volume filtered = Volume.create(w, ny, angles.length, Calibration.UNIT);
        for (int i = 0; i < filtered.data().length; i++) filtered.data()[i] = (float) rnd.nextGaussian();
        for (int[] size : new int[][] {{20, 11}, {27, 27}, {40, 16}, {1, 1}, {2, 3}}) {
            int nx = size[0], nz = size[1];
            Volume out = Volume.create(nx, ny, nz, Calibration.UNIT);
            FilteredBackProjection.backProject(filtered, angles, out, null);
            double[] ref = naiveBackProject(filtered, angles, nx, nz);
            double max = 0;
            for (double r : ref) max = Math.max(max, Math.abs(r));
            for (int i = 0; i < ref.length; i++) {
                assertEquals(ref[i], out.data()[i], 1e-4 * max, "voxel " + i + " of " + nx + "x" + ny + "x" + nz);
            }
        }
    }

    @Test
    void agreesWithPlainLinearInterpolationBackProjection() {
        int n = 48, nz = 32;
        SpherePhantom ph = SpherePhantom.standard(n);
        double[] angles = SpherePhantom.range(-60, 60, 3);
        Volume filtered = FilteredBackProjection.filter(ph.project(n, 8, angles), angles, ramp(nz), nz, null);
        Volume fast = Volume.create(n, 8, nz, Calibration.UNIT);
        FilteredBackProjection.backProject(filtered, angles, fast, null);
        // textbook voxel-driven back-projection with linear interpolation on the detector
        Volume plain = Volume.create(n, 8, nz, Calibration.UNIT);
        double c0 = (n - 1) / 2.0, cz = (nz - 1) / 2.0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < 8; y++) {
                for (int x = 0; x < n; x++) {
                    double sum = 0;
                    for (int v = 0; v < angles.length; v++) {
                        double th = Math.toRadians(angles[v]);
                        double u = (x - c0) * Math.cos(th) - (z - cz) * Math.sin(th) + c0;
                        int i = (int) Math.floor(u);
                        double f = u - i;
                        double a = i >= 0 && i < n ? filtered.get(i, y, v) : 0;
                        double b = i + 1 >= 0 && i + 1 < n ? filtered.get(i + 1, y, v) : 0;
                        sum += a + f * (b - a);
                    }
                    plain.set(x, y, z, (float) sum);
                }
            }
        }
        double cc = SpherePhantom.pearson(fast.data(), plain.data());
        assertTrue(cc > 0.999, "CC with plain linear back-projection " + cc);
        double se = 0, ss = 0;
        for (int i = 0; i < plain.data().length; i++) {
            double d = fast.data()[i] - plain.data()[i];
            se += d * d;
            ss += plain.data()[i] * plain.data()[i];
        }
        System.out.printf("fast vs plain linear back-projection: CC %.5f, relative RMS %.4f%n", cc, Math.sqrt(se / ss));
        assertTrue(Math.sqrt(se / ss) < 0.05, "relative RMS difference " + Math.sqrt(se / ss));
    }

    @Test
    void tinyDetectorsMatchTheNaiveEvaluationToo() {
        Random rnd = new Random(11);
        double[] angles = {-90, -30, 0, 45, 90};
        for (int w : new int[] {1, 2, 3}) {
            Volume filtered = Volume.create(w, 2, angles.length, Calibration.UNIT);
            for (int i = 0; i < filtered.data().length; i++) filtered.data()[i] = (float) rnd.nextGaussian();
            Volume out = Volume.create(5, 2, 4, Calibration.UNIT);
            FilteredBackProjection.backProject(filtered, angles, out, null);
            double[] ref = naiveBackProject(filtered, angles, 5, 4);
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], out.data()[i], 1e-5, "width " + w + " voxel " + i);
        }
        // and a full reconstruction of a one-pixel-wide series keeps its size and is finite
        Volume ts = Volume.create(1, 3, 2, Calibration.UNIT);
        java.util.Arrays.fill(ts.data(), 1f);
        Volume rec = FilteredBackProjection.reconstruct(ts, new double[] {-5, 5}, ramp(1), null);
        assertEquals(1, rec.nx());
        assertEquals(1, rec.nz());
        for (float f : rec.data()) assertTrue(Float.isFinite(f));
    }

    @Test
    void zeroTiltIsPlainLinearInterpolation() {
        Random rnd = new Random(3);
        int w = 16, ny = 2, nx = 21, nz = 5;
        double[] angles = {0};
        Volume filtered = Volume.create(w, ny, 1, Calibration.UNIT);
        for (int i = 0; i < filtered.data().length; i++) filtered.data()[i] = (float) rnd.nextGaussian();
        Volume out = Volume.create(nx, ny, nz, Calibration.UNIT);
        FilteredBackProjection.backProject(filtered, angles, out, null);
        double cu = (w - 1) / 2.0, cx = (nx - 1) / 2.0;
        for (int z = 0; z < nz; z++) {
            for (int y = 0; y < ny; y++) {
                for (int x = 0; x < nx; x++) {
                    double u = x - cx + cu; // odd/even sizes: half-pixel positions
                    int i = (int) Math.floor(u);
                    double f = u - i;
                    double a = i >= 0 && i < w ? filtered.get(i, y, 0) : 0;
                    double b = i + 1 >= 0 && i + 1 < w ? filtered.get(i + 1, y, 0) : 0;
                    assertEquals(a + f * (b - a), out.get(x, y, z), 1e-5);
                }
            }
        }
    }

    @Test
    void binningAveragesAndScalesTheVoxelSize() {
        Volume ts = Volume.create(9, 6, 2, new Calibration(2.5, 3.0, 1, 10, 20, 30));
        for (int i = 0; i < ts.data().length; i++) ts.data()[i] = i;
        Volume b = FilteredBackProjection.bin(ts, 2);
        assertEquals(4, b.nx());
        assertEquals(3, b.ny());
        assertEquals(2, b.nz());
        assertEquals(5.0, b.calibration().voxelX(), 1e-12);
        assertEquals(6.0, b.calibration().voxelY(), 1e-12);
        // pixel (1, 2) of image 1 averages source x 2..3, y 4..5 of image 1
        double expect = 0;
        for (int y = 4; y <= 5; y++) for (int x = 2; x <= 3; x++) expect += ts.get(x, y, 1);
        assertEquals(expect / 4, b.get(1, 2, 1), 1e-5);

        int n = 64;
        SpherePhantom ph = SpherePhantom.standard(n);
        double[] angles = SpherePhantom.range(-90, 90, 2);
        Volume proj = ph.project(n, n, angles);
        proj.setCalibration(new Calibration(4, 4, 1, 0, 0, 0));
        Volume rec = FilteredBackProjection.reconstruct(proj, angles,
                FbpOptions.builder().filter(FbpOptions.FilterType.RAMP).binning(2).thickness(24).build(), null);
        assertEquals(32, rec.nx());
        assertEquals(32, rec.ny());
        assertEquals(24, rec.nz());
        assertEquals(8, rec.calibration().voxelX(), 1e-12);
        assertEquals(8, rec.calibration().voxelY(), 1e-12);
        assertEquals(8, rec.calibration().voxelZ(), 1e-12);
        // densities are per voxel and do not depend on the binning: the centre holds only the big sphere
        assertEquals(1.0, rec.get(15, 15, 11) * 0.5 + rec.get(16, 16, 12) * 0.5, 0.08);
    }

    @Test
    void angleWeightsFollowTheLocalSpacing() {
        double[] even = FilteredBackProjection.angleWeights(SpherePhantom.range(-60, 60, 3));
        for (double w : even) assertEquals(Math.toRadians(3), w, 1e-12);
        double[] full = FilteredBackProjection.angleWeights(SpherePhantom.range(-90, 90, 1));
        double sum = 0;
        for (double w : full) sum += w;
        assertEquals(Math.PI, sum, 1e-12);
        // dense near zero: 0, 1, 2 then 6, 10
        double[] uneven = FilteredBackProjection.angleWeights(new double[] {10, 0, 2, 6, 1});
        assertEquals(Math.toRadians(4), uneven[0], 1e-12);
        assertEquals(Math.toRadians(1), uneven[1], 1e-12);
        assertEquals(Math.toRadians(2.5), uneven[2], 1e-12);
        assertEquals(Math.toRadians(4), uneven[3], 1e-12);
        assertEquals(Math.toRadians(1), uneven[4], 1e-12);
    }

    @Test
    void cancellationStopsTheWork() {
        Volume ts = Volume.create(32, 16, 5, Calibration.UNIT);
        double[] angles = {-20, -10, 0, 10, 20};
        java.util.concurrent.atomic.AtomicInteger updates = new java.util.concurrent.atomic.AtomicInteger();
        org.cryoet.util.Progress cancelled = new org.cryoet.util.Progress() {
            @Override
            public void update(String stage, long done, long total) {
                updates.incrementAndGet();
            }

            @Override
            public boolean isCancelled() {
                return true;
            }
        };
        assertThrows(org.cryoet.util.CancelledException.class,
                () -> FilteredBackProjection.reconstruct(ts, angles, FbpOptions.defaults(), cancelled));
        assertEquals(0, updates.get());
    }

    @Test
    void badInputsAreRejected() {
        Volume ts = Volume.create(8, 8, 3, Calibration.UNIT);
        assertThrows(CryoEtException.class,
                () -> FilteredBackProjection.reconstruct(ts, new double[] {0, 1}, FbpOptions.defaults(), null));
        assertThrows(CryoEtException.class,
                () -> FilteredBackProjection.reconstruct(ts, new double[] {0, 1, 95}, FbpOptions.defaults(), null));
        assertThrows(CryoEtException.class, () -> FbpOptions.builder().binning(0).build());
        assertThrows(CryoEtException.class, () -> FbpOptions.builder().radial(-1, 0.1).build());
    }
}
