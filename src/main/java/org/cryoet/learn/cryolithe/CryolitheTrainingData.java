package org.cryoet.learn.cryolithe;

import java.util.SplittableRandom;

import org.cryoet.fourier.GaussianFilter;
import org.cryoet.tomo.AcquisitionOrder;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;

/**
 * Supervised training pairs for CryoLithe from the built-in simulator: a phantom, its simulated
 * tilt series, and the target the network should output.
 *
 * <p>Recipe ({@link #RECIPE}): every example draws its own phantom seed, size (48 or 64 square,
 * 24 or 32 deep), voxel size 8..14 A (apparent object sizes), ice layer 50..90 % of the depth,
 * object counts 0.3..2x the defaults, protein density 1.2..1.6 and gold 3..6 (relative to ice), and
 * an acquisition: maximum tilt 40..70 degrees with an asymmetry of up to 10, step 2, 2.5, 3 or 4,
 * sequential, dose-symmetric or bidirectional order, SNR -10..+5 dB. Vesicles (lipid membranes)
 * never occur: that object family is held out for evaluation ({@link #evaluationCase}).
 *
 * <p>Target: the phantom minus its ice layer (the layer's profile lies on the kz axis, inside the
 * missing wedge, and per-image mean removal takes it out of the input), band-limited with a
 * Gaussian of {@link #TARGET_SIGMA} voxels, like the paper's targets that are restored
 * reconstructions at the data's resolution rather than infinitely sharp maps; times the model's
 * target scale divided by the tilt series' standard deviation (the input's normalisation), so the
 * 1-homogeneous network maps normalised data to normalised density.
 */
public final class CryolitheTrainingData {
    /** Gaussian band limit of the targets (voxels): transfer 1/2 at 0.31 cycles/voxel. */
    public static final double TARGET_SIGMA = 0.6;
    public static final String RECIPE = "simulator phantoms without vesicles: size 48|64 x 48|64 x 24|32, voxel 8..14 A, "
            + "ice 50..90% of depth, counts 0.3..2x default, protein 1.2..1.6, gold 3..6 (0..2 beads), "
            + "tilts max 40..70 deg (asymmetry up to 10), step 2|2.5|3|4, random order, SNR -10..+5 dB, 1 frame; "
            + "target = (phantom - ice layer) * Gaussian(0.6 vox) * targetScale / std(tilt series); "
            + "tilt dropout: with probability 1/2 drop up to min(10, T-8) tilts";
    public static final String HELD_OUT = "vesicles (lipid bilayer membranes) never appear in training phantoms";

    /** One pair. Images are normalised but not filtered, [tilt][y][x]; target x fastest. */
    public record Example(float[] images, int width, int height, double[] angles, float[] target, int depth,
                          float[][] bands, double snrDb, String description) {
    }

    private CryolitheTrainingData() {
    }

    /**
     * The training example with this seed (deterministic). A draw the simulator cannot realise (say,
     * gold beads that do not fit a small layer) is redrawn from a derived seed.
     */
    public static Example generate(long seed, double targetScale, boolean wavelet) {
        org.cryoet.util.CryoEtException last = null;
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                return draw(attempt == 0 ? seed : seed * 31 + attempt, targetScale, wavelet);
            } catch (org.cryoet.util.CryoEtException e) {
                last = e;
            }
        }
        throw last;
    }

    private static Example draw(long seed, double targetScale, boolean wavelet) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = r.nextBoolean() ? 48 : 64;
        int nz = r.nextBoolean() ? 24 : 32;
        PhantomSpec base = PhantomSpec.withoutVesicles(n, n, nz, r);
        double max = 40 + 30 * r.nextDouble();
        double asym = (2 * r.nextDouble() - 1) * 10;
        double[] steps = {2, 2.5, 3, 4};
        double step = steps[r.nextInt(steps.length)];
        AcquisitionOrder[] orders = AcquisitionOrder.values();
        double snr = -10 + 15 * r.nextDouble();
        AcquisitionSpec acq = AcquisitionSpec.defaults()
                .withRange(Math.max(-90, -max + asym), Math.min(90, max + asym), step)
                .withOrder(orders[r.nextInt(orders.length)], 1 + r.nextInt(2))
                .withFrames(1).withSnrDb(snr).withSeed(r.nextLong());
        return fromAcquisition(base, acq, targetScale, wavelet);
    }

    /**
     * The held-out evaluation case: a default phantom of the simulator (with vesicles) and the
     * default acquisition (-60..60 step 3, dose-symmetric) at the given SNR.
     */
    public static Example evaluationCase(int nx, int ny, int nz, long seed, double snrDb, double targetScale,
                                         boolean wavelet) {
        PhantomSpec spec = PhantomSpec.of(nx, ny, nz, seed);
        AcquisitionSpec acq = AcquisitionSpec.defaults().withFrames(1).withSnrDb(snrDb).withSeed(seed + 1);
        return fromAcquisition(spec, acq, targetScale, wavelet);
    }

    /** Simulates and builds the pair. */
    public static Example fromAcquisition(PhantomSpec spec, AcquisitionSpec acq, double targetScale, boolean wavelet) {
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(spec, acq, Progress.NONE);
        CryolitheReconstruction.Prepared prep = CryolitheReconstruction.normalise(sim.tiltSeries(), "(simulated)");
        Volume target = reference(sim.groundTruth(), Phantom.iceProfile(spec));
        float f = (float) (targetScale / prep.scale());
        float[] t = target.data();
        for (int i = 0; i < t.length; i++) t[i] *= f;
        float[][] bands = wavelet ? Bior31.forward(t, spec.nx(), spec.ny(), spec.nz()) : null;
        String d = String.format(java.util.Locale.ROOT, "%dx%dx%d %.1f A, %d tilts %.1f..%.1f, %.1f dB", spec.nx(),
                spec.ny(), spec.nz(), spec.voxelSize(), acq.angles().length, acq.tiltMin(), acq.tiltMax(), acq.snrDb());
        return new Example(prep.images(), sim.tiltSeries().nx(), sim.tiltSeries().ny(), sim.anglesDeg(), t, spec.nz(),
                bands, acq.snrDb(), d);
    }

    /** The reference every method is compared with: phantom minus ice layer, Gaussian band limit. */
    public static Volume reference(Volume groundTruth, double[] iceProfile) {
        Volume v = groundTruth.copy();
        float[] d = v.data();
        int area = v.nx() * v.ny();
        for (int z = 0; z < v.nz(); z++) {
            float ice = (float) iceProfile[z];
            for (int i = 0; i < area; i++) d[z * area + i] -= ice;
        }
        return GaussianFilter.blur(v, TARGET_SIGMA);
    }
}
