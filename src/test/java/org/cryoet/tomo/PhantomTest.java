package org.cryoet.tomo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class PhantomTest {
    private static final PhantomSpec.Densities D = PhantomSpec.Densities.DEFAULT;

    @Test
    void sameSeedGivesSameVoxelsAndOtherSeedDiffers() {
        PhantomSpec spec = PhantomSpec.of(64, 56, 40, 11);
        Volume a = Phantom.generate(spec);
        Volume b = Phantom.generate(spec);
        assertArrayEquals(a.data(), b.data());
        Volume c = Phantom.generate(spec.withSeed(12));
        int differ = 0;
        for (int i = 0; i < a.data().length; i++) if (a.data()[i] != c.data()[i]) differ++;
        assertTrue(differ > a.data().length / 20, "only " + differ + " voxels differ between seeds");
        assertEquals(10.0, a.calibration().voxelX());
        assertEquals(10.0, a.calibration().voxelZ());
    }

    @Test
    void goldBeadsFoundByThresholdingMatchTheRequestedCount() {
        for (long seed = 1; seed <= 3; seed++) {
            int beads = 3 + (int) seed;
            PhantomSpec spec = PhantomSpec.of(72, 64, 40, seed).withCounts(1, 1, 0, 2, 1, 8, beads)
                    .withGoldDiameter(60);
            Volume v = Phantom.generate(spec);
            double threshold = (D.gold() + D.lipidHead()) / 2;
            List<Integer> sizes = components(v, threshold);
            assertEquals(beads, sizes.size(), "seed " + seed);
            // radius 3 voxels, surface at coverage 1/2: about 4/3 pi 3^3 = 113 voxels above the mid-level
            for (int s : sizes) assertEquals(113, s, 25);
            long gold = Phantom.objects(spec).stream().filter(o -> o.kind().equals("gold")).count();
            assertEquals(beads, gold);
        }
    }

    @Test
    void sampleIsConfinedToTheIceLayerWithVacuumOutside() {
        PhantomSpec spec = PhantomSpec.of(64, 64, 48, 5).withSlabThickness(30);
        Volume v = Phantom.generate(spec);
        double zc = (48 - 1) / 2.0, half = 15;
        float[] d = v.data();
        for (int z = 0; z < 48; z++) {
            double outside = Math.abs(z - zc) - half;
            float max = 0, min = Float.MAX_VALUE;
            for (int i = z * 64 * 64; i < (z + 1) * 64 * 64; i++) {
                max = Math.max(max, d[i]);
                min = Math.min(min, d[i]);
            }
            if (outside >= Phantom.EDGE / 2) {
                assertEquals(0f, max, "vacuum section " + z);
            }
            if (outside <= -Phantom.EDGE) {
                // inside: ice or denser objects, except the bilayer's core (slightly less dense than ice)
                assertTrue(min >= D.lipidTail() - 1e-6, "section " + z + " min " + min);
            }
        }
        double[] profile = Phantom.iceProfile(spec);
        assertEquals(30, sum(profile), 1e-6);   // the smooth edges keep the thickness
        assertEquals(D.ice(), profile[24], 0);
        assertEquals(0.0, profile[0], 0);
    }

    @Test
    void densitiesArePhysicallyOrderedAndObjectsHaveTheirShapes() {
        PhantomSpec spec = PhantomSpec.of(128, 128, 64, 3).withCounts(0, 0, 0, 2, 2, 0, 0);
        Volume v = Phantom.generate(spec);
        List<Phantom.PhantomObject> objects = Phantom.objects(spec);
        assertEquals(4, objects.size());
        for (Phantom.PhantomObject a : objects) {
            for (Phantom.PhantomObject b : objects) {
                if (a == b) continue;
                double dist = Math.sqrt(Math.pow(a.x() - b.x(), 2) + Math.pow(a.y() - b.y(), 2) + Math.pow(a.z() - b.z(), 2));
                assertTrue(dist >= a.radius() + b.radius(), "particles placed apart");
            }
        }
        for (Phantom.PhantomObject o : objects) {
            float centre = at(v, o.x(), o.y(), o.z());
            if (o.kind().equals("ribosome")) {
                assertEquals(D.protein(), centre, 1e-5, "solid ribosome core");
            } else {
                assertEquals("proteasome", o.kind());
                assertEquals(D.ice(), centre, 1e-5, "proteasome channel holds ice");
            }
        }
        double max = 0;
        for (float x : v.data()) max = Math.max(max, x);
        assertEquals(D.protein(), max, 1e-5);
        assertTrue(D.gold() > 3 * D.protein() && D.protein() > D.ice() && D.ice() > 0);
    }

    @Test
    void filamentsAndVesiclesHaveTheirProfiles() {
        PhantomSpec mt = PhantomSpec.of(96, 96, 64, 4).withCounts(0, 0, 1, 0, 0, 0, 0);
        Volume v = Phantom.generate(mt);
        Phantom.PhantomObject tube = Phantom.objects(mt).get(0);
        assertEquals("microtubule", tube.kind());
        int lumen = 0, checked = 0;
        for (double[] p : tube.path()) {
            if (p[0] < 1 || p[0] > 94 || p[1] < 1 || p[1] > 94) continue;
            checked++;
            if (Math.abs(at(v, p[0], p[1], p[2]) - D.ice()) < 1e-4) lumen++;
        }
        assertTrue(checked > 5);
        assertEquals(checked, lumen, "the microtubule lumen is ice along its centre line");
        int wall = 0;
        for (float x : v.data()) if (Math.abs(x - D.protein()) < 1e-5) wall++;
        assertTrue(wall > 1000, "microtubule wall voxels: " + wall);

        PhantomSpec act = PhantomSpec.of(96, 96, 64, 4).withCounts(0, 1, 0, 0, 0, 0, 0);
        Volume a = Phantom.generate(act);
        Phantom.PhantomObject actin = Phantom.objects(act).get(0);
        double[] mid = actin.path()[actin.path().length / 2];
        float near = 0;
        for (int dz = -2; dz <= 2; dz++) {
            for (int dy = -2; dy <= 2; dy++) {
                for (int dx = -2; dx <= 2; dx++) near = Math.max(near, at(a, mid[0] + dx, mid[1] + dy, mid[2] + dz));
            }
        }
        assertEquals(D.protein(), near, 1e-5, "actin strands lie within 2.5 nm of the axis");
        assertTrue(at(a, mid[0], mid[1], mid[2]) > D.ice(), "the two strands touch at the axis");

        PhantomSpec ves = PhantomSpec.of(96, 96, 64, 8).withCounts(1, 0, 0, 0, 0, 0, 0);
        Volume w = Phantom.generate(ves);
        Phantom.PhantomObject o = Phantom.objects(ves).get(0);
        assertEquals(D.ice(), at(w, o.x(), o.y(), o.z()), 1e-5, "vesicle lumen");
        double max = 0, min = 10;
        int zc = 32;
        for (int z = zc - 10; z <= zc + 10; z++) {
            for (int i = z * 96 * 96; i < (z + 1) * 96 * 96; i++) {
                max = Math.max(max, w.data()[i]);
                min = Math.min(min, w.data()[i]);
            }
        }
        assertTrue(max > 1.4 && max <= D.lipidHead() + 1e-5, "head groups " + max);
        assertTrue(min < 0.98, "hydrocarbon core less dense than ice: " + min);
    }

    @Test
    void invalidSpecsAreRejected() {
        assertThrows(CryoEtException.class, () -> PhantomSpec.of(4, 64, 64, 1));
        assertThrows(CryoEtException.class, () -> PhantomSpec.of(64, 64, 32, 1).withSlabThickness(40));
        assertThrows(CryoEtException.class, () -> PhantomSpec.of(64, 64, 32, 1).withCounts(0, 0, 0, -1, 0, 0, 0));
        // more beads than fit side by side
        PhantomSpec crowded = PhantomSpec.of(16, 16, 16, 1).withCounts(0, 0, 0, 0, 0, 0, 50);
        assertThrows(CryoEtException.class, () -> Phantom.generate(crowded));
    }

    @Test
    void defaultSizeIsFast() {
        PhantomSpec spec = PhantomSpec.of(128, 128, 64, 1);
        Phantom.generate(spec); // warm-up
        long t0 = System.nanoTime();
        Phantom.generate(spec);
        double s = (System.nanoTime() - t0) / 1e9;
        assertTrue(s < 5, "128x128x64 took " + s + " s");
    }

    static float at(Volume v, double x, double y, double z) {
        return v.get((int) Math.round(x), (int) Math.round(y), (int) Math.round(z));
    }

    static double sum(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s;
    }

    /** Sizes of the 6-connected components of voxels above the threshold. */
    static List<Integer> components(Volume v, double threshold) {
        int nx = v.nx(), ny = v.ny(), nz = v.nz();
        float[] d = v.data();
        boolean[] seen = new boolean[d.length];
        List<Integer> sizes = new java.util.ArrayList<>();
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int s = 0; s < d.length; s++) {
            if (seen[s] || d[s] <= threshold) continue;
            int count = 0;
            seen[s] = true;
            queue.add(s);
            while (!queue.isEmpty()) {
                int i = queue.poll();
                count++;
                int x = i % nx, y = (i / nx) % ny, z = i / (nx * ny);
                int[] nb = {x > 0 ? i - 1 : -1, x < nx - 1 ? i + 1 : -1, y > 0 ? i - nx : -1,
                        y < ny - 1 ? i + nx : -1, z > 0 ? i - nx * ny : -1, z < nz - 1 ? i + nx * ny : -1};
                for (int j : nb) {
                    if (j >= 0 && !seen[j] && d[j] > threshold) {
                        seen[j] = true;
                        queue.add(j);
                    }
                }
            }
            sizes.add(count);
        }
        return sizes;
    }
}
