package org.cryoet.evaluate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.cryoet.fourier.Fsc;
import org.cryoet.fourier.FscCurve;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

class TemplateMatchingTest {

    static final int B = 9;
    static final int[][] POSITIONS = {{10, 12, 11}, {34, 10, 30}, {14, 36, 34}, {36, 35, 12}, {24, 24, 22}};

    /** A random, zero-mean, unit-variance template: every frequency carries signal. */
    static Volume template(long seed) {
        Random r = new Random(seed);
        Volume t = Volume.create(B, B, B, Calibration.isotropic(10));
        float[] d = t.data();
        double sum = 0;
        for (int i = 0; i < d.length; i++) {
            d[i] = (float) r.nextGaussian();
            sum += d[i];
        }
        for (int i = 0; i < d.length; i++) d[i] -= (float) (sum / d.length);
        return t;
    }

    /** A 48^3 volume of Gaussian noise (sigma) with the template added, centred at the given positions. */
    static Volume planted(Volume t, int[][] positions, double sigma, long seed) {
        Random r = new Random(seed);
        Volume v = Volume.create(48, 48, 48, Calibration.isotropic(10));
        float[] d = v.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (sigma * r.nextGaussian());
        int h = B / 2;
        for (int[] p : positions) {
            for (int z = 0; z < B; z++) {
                for (int y = 0; y < B; y++) {
                    for (int x = 0; x < B; x++) {
                        int i = v.index(p[0] - h + x, p[1] - h + y, p[2] - h + z);
                        d[i] += t.get(x, y, z);
                    }
                }
            }
        }
        return v;
    }

    static List<double[]> truths(int[][] positions) {
        List<double[]> out = new ArrayList<>();
        for (int[] p : positions) out.add(new double[] {p[0], p[1], p[2]});
        return out;
    }

    @Test
    void nccIsOneAtAnIsolatedNoiseFreeCopy() {
        Volume t = template(1);
        Volume v = planted(t, POSITIONS, 0, 2);
        Volume ncc = TemplateMatching.ncc(v, t);
        for (int[] p : POSITIONS) assertEquals(1.0, ncc.get(p[0], p[1], p[2]), 1e-4);
        for (float f : ncc.data()) assertTrue(f <= 1.0001f, "NCC is a correlation coefficient, got " + f);
    }

    @Test
    void findsPlantedCopiesInNoise() {
        Volume t = template(3);
        Volume v = planted(t, POSITIONS, 0.7, 4);
        List<TemplateMatching.Pick> picks =
                TemplateMatching.peaks(TemplateMatching.ncc(v, t), POSITIONS.length, B / 2.0);
        assertEquals(POSITIONS.length, picks.size());
        TemplateMatching.Detection d = TemplateMatching.score(picks, truths(POSITIONS), 1.5);
        assertEquals(1.0, d.precision());
        assertEquals(1.0, d.recall());
        assertEquals(POSITIONS.length, d.matched());
        // every pick sits exactly on a planted centre
        for (TemplateMatching.Pick p : picks) {
            boolean exact = false;
            for (int[] q : POSITIONS) exact |= p.x() == q[0] && p.y() == q[1] && p.z() == q[2];
            assertTrue(exact, "pick " + p + " is not on a planted centre");
        }
    }

    @Test
    void aVolumeWithoutCopiesGivesLowPrecision() {
        Volume t = template(5);
        Volume v = planted(t, new int[0][], 0.7, 6);
        List<TemplateMatching.Pick> picks =
                TemplateMatching.peaks(TemplateMatching.ncc(v, t), POSITIONS.length, B / 2.0);
        TemplateMatching.Detection d = TemplateMatching.score(picks, truths(POSITIONS), 1.5);
        assertEquals(POSITIONS.length, d.picks());
        assertTrue(d.precision() <= 0.2, "precision " + d.precision() + " on a volume with no copies");
    }

    @Test
    void scoreMatchesEachTruthOnceAndCountsNaNForEmptySets() {
        List<TemplateMatching.Pick> picks = List.of(new TemplateMatching.Pick(10, 10, 10, 0.9),
                new TemplateMatching.Pick(11, 10, 10, 0.8), new TemplateMatching.Pick(30, 30, 30, 0.7));
        TemplateMatching.Detection d = TemplateMatching.score(picks, List.of(new double[] {10, 10, 10.5}), 2);
        assertEquals(1, d.matched());
        assertEquals(1.0 / 3, d.precision(), 1e-12);
        assertEquals(1.0, d.recall());
        assertTrue(Double.isNaN(TemplateMatching.score(List.of(), List.of(), 2).precision()));
    }

    @Test
    void averageOfPlantedCopiesReproducesTheTemplate() {
        Volume t = template(7);
        Volume v = planted(t, POSITIONS, 0.2, 8);
        Volume avg = SubtomogramAverage.average(v, truths(POSITIONS), B);
        FscCurve fsc = Fsc.compute(avg, t);
        for (int r = 1; r < fsc.shells(); r++) {
            assertTrue(fsc.fsc()[r] > 0.97, "shell " + r + " FSC " + fsc.fsc()[r]);
        }
        assertTrue(!fsc.resolution(FscCurve.GOLD).crossed());
        // two voxels off target, the same average no longer matches at high frequency
        List<double[]> shifted = new ArrayList<>();
        for (int[] p : POSITIONS) shifted.add(new double[] {p[0] + 2, p[1], p[2]});
        FscCurve off = Fsc.compute(SubtomogramAverage.average(v, shifted, B), t);
        assertTrue(off.fsc()[off.shells() - 1] < 0.5, "shifted FSC at Nyquist " + off.fsc()[off.shells() - 1]);
    }

    @Test
    void extractedBoxesAreZeroMeanAndClampedAtTheBorder() {
        Volume v = Volume.create(8, 8, 8, Calibration.isotropic(1));
        for (int z = 0; z < 8; z++) for (int y = 0; y < 8; y++) for (int x = 0; x < 8; x++) v.set(x, y, z, x);
        Volume box = SubtomogramAverage.extract(v, 0, 4, 4, 3);
        // columns x = -1, 0, 1 read 0, 0, 1 (clamped): mean 1/3
        assertEquals(-1.0 / 3, box.get(0, 1, 1), 1e-6);
        assertEquals(-1.0 / 3, box.get(1, 1, 1), 1e-6);
        assertEquals(2.0 / 3, box.get(2, 1, 1), 1e-6);
    }
}
