package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class ForwardProjectorTest {

    @Test
    void slabProjectsToThicknessOverCosine() {
        int nx = 96, ny = 4, nz = 64, t = 20;
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        for (int z = 22; z < 22 + t; z++) for (int y = 0; y < ny; y++) for (int x = 0; x < nx; x++) v.set(x, y, z, 1);
        double[] angles = {0, 30, -40, 55, -60};
        Volume p = ForwardProjector.project(v, angles);
        for (int a = 0; a < angles.length; a++) {
            double expect = t / Math.cos(Math.toRadians(angles[a]));
            for (int u = 40; u <= 55; u++) {
                assertEquals(expect, p.get(u, 2, a), 0.01 * expect, "angle " + angles[a] + " pixel " + u);
            }
        }
    }

    @Test
    void massIsConservedAtEveryAngle() {
        int n = 48;
        Volume v = SpherePhantom.standard(n).volume(n, 8, n);
        double mass = 0;
        for (float f : v.data()) mass += f;
        double[] angles = {-90, -80, -45.5, -10, 0, 20, 44.9, 45.1, 70, 90};
        Volume p = ForwardProjector.project(v, angles, 64);
        for (int a = 0; a < angles.length; a++) {
            double sum = 0;
            for (int y = 0; y < 8; y++) for (int u = 0; u < 64; u++) sum += p.get(u, y, a);
            assertEquals(mass, sum, 2e-3 * Math.abs(mass), "angle " + angles[a]);
        }
    }

    @Test
    void pointLandsWhereTheConventionSays() {
        int nx = 40, ny = 3, nz = 30, x0 = 27, z0 = 8;
        Volume v = Volume.create(nx, ny, nz, Calibration.UNIT);
        v.set(x0, 1, z0, 1);
        double[] angles = {-70, -30, 0, 30, 50, 70};
        int width = 44;
        Volume p = ForwardProjector.project(v, angles, width);
        for (int a = 0; a < angles.length; a++) {
            double th = Math.toRadians(angles[a]);
            double u = (x0 - (nx - 1) / 2.0) * Math.cos(th) - (z0 - (nz - 1) / 2.0) * Math.sin(th) + (width - 1) / 2.0;
            double sum = 0, first = 0;
            for (int i = 0; i < width; i++) {
                sum += p.get(i, 1, a);
                first += i * p.get(i, 1, a);
                assertEquals(0, p.get(i, 0, a), 1e-7);
            }
            assertEquals(u, first / sum, 0.05, "centroid at " + angles[a]);
        }
    }

    @Test
    void matchesAnalyticSphereProjections() {
        int n = 64;
        SpherePhantom ph = SpherePhantom.standard(n);
        Volume v = ph.volume(n, n, n);
        double[] angles = {-88, -60, -45, -20, 0, 13, 45, 61, 90};
        Volume p = ForwardProjector.project(v, angles);
        Volume ref = ph.project(n, n, angles);
        for (int a = 0; a < angles.length; a++) {
            int sec = n * n;
            float[] pa = new float[sec], ra = new float[sec];
            System.arraycopy(p.data(), a * sec, pa, 0, sec);
            System.arraycopy(ref.data(), a * sec, ra, 0, sec);
            double cc = SpherePhantom.pearson(pa, ra);
            assertTrue(cc > 0.999, "angle " + angles[a] + " CC " + cc);
            // through the centre of the big sphere: 2 r = 44 plus the small spheres on the ray
            assertEquals(ref.get(31, 31, a) + ref.get(32, 32, a), p.get(31, 31, a) + p.get(32, 32, a),
                    0.01 * (ref.get(31, 31, a) + ref.get(32, 32, a)), "angle " + angles[a]);
        }
    }

    @Test
    void projects256CubedAt61TiltsQuickly() {
        int n = 256;
        Volume v = Volume.create(n, n, n, Calibration.UNIT);
        for (int i = 0; i < v.data().length; i++) v.data()[i] = (i * 2654435761L % 1000) / 1000f;
        double[] angles = SpherePhantom.range(-60, 60, 2);
        ForwardProjector.project(v, angles); // warm-up
        long t0 = System.nanoTime();
        Volume p = ForwardProjector.project(v, angles);
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.printf("ForwardProjector 256^3 x 61 tilts: %.2f s%n", s);
        assertEquals(61, p.nz());
        // generous bound: the machine is shared; a few seconds is the target
        assertTrue(s < 20, "took " + s + " s");
    }
}
