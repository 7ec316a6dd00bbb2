package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

class ZScoreTest {

    /** Per-section moments merged with Chan's formula equal a direct two-pass computation, even with a large offset. */
    @Test
    void streamedMomentsEqualTwoPassMoments() {
        Volume v = SubtomogramSamplerTest.random(33, 17, 21, 8, 1000, 0.01);
        double s = 0;
        for (float x : v.data()) s += x;
        double mean = s / v.size();
        double q = 0;
        for (float x : v.data()) q += (x - mean) * (x - mean);
        double std = Math.sqrt(q / (v.size() - 1));
        ZScore z = ZScore.of(VolumeSource.of(v), Progress.NONE);
        assertEquals(mean, z.mean(), 1e-9 * mean);
        assertEquals(std, z.std(), 1e-9 * std);
        float[] d = v.data().clone();
        z.apply(d, 0, d.length);
        assertEquals((v.data()[5] - mean) / (std + 1e-8), d[5], 1e-4);
    }
}
