package org.cryoet.learn;

import org.cryoet.volume.VolumeSource;
import org.cryoet.io.MappedMrc;
import org.cryoet.io.MrcMode;
import org.cryoet.io.MrcReader;
import org.cryoet.io.MrcStreamWriter;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;

import java.nio.file.Path;

/**
 * Predicts one tomogram from its two half tomograms (MRC files) with a tile function and writes
 * the result as float32 MRC, streamed section by section: the halves are memory-mapped and read
 * lazily, the output is written slab by slab and renamed onto the target only when complete.
 * The output keeps the even half's voxel size and origin.
 */
public final class TomogramPrediction {

    /** Size of the predicted volume, tiles computed (both halves), and wall time. */
    public record Result(int nx, int ny, int nz, long tiles, double seconds) {
    }

    private TomogramPrediction() {
    }

    /**
     * @param even      half A (required)
     * @param odd       half B, or null to predict from one half only
     * @param out       output MRC
     * @param f         tile function (the trained model's inference function)
     * @param mask      sample mask (same size): only tiles that reach into it are computed
     *                  ({@link TiledPredictor#onlyInside}); null computes every tile
     * @param predictor tiling parameters (crop must match the model's)
     * @param overwrite whether an existing output may be replaced
     */
    public static Result run(Path even, Path odd, Path mask, Path out, TileFunction f, TiledPredictor predictor,
                             boolean overwrite, Progress progress) {
        long t0 = System.nanoTime();
        java.util.List<Path> read = new java.util.ArrayList<>(java.util.List.of(even));
        if (odd != null) read.add(odd);
        if (mask != null) read.add(mask);
        AtomicOutput.checkTarget(out, overwrite, read.toArray(new Path[0]));
        try (MappedMrc a = MrcReader.open(even); MappedMrc b = odd == null ? null : MrcReader.open(odd);
             MappedMrc m = mask == null ? null : MrcReader.open(mask)) {
            VolumeSource sa = a.asSource();
            VolumeSource sb = b == null ? null : b.asSource();
            if (sb != null && !sa.sameShape(sb)) {
                throw new CryoEtException("Half tomograms " + even + " (" + a.nx() + " x " + a.ny() + " x " + a.nz()
                        + ") and " + odd + " (" + b.nx() + " x " + b.ny() + " x " + b.nz() + ") differ in size");
            }
            // the predictor refuses a mask of another size, naming both files
            if (m != null) predictor.onlyInside(m.asSource());
            Path[] inputs = odd == null ? new Path[]{even} : new Path[]{even, odd};
            try (MrcStreamWriter w = MrcStreamWriter.create(out, a.nx(), a.ny(), a.nz(), MrcMode.FLOAT,
                    a.calibration(), false, overwrite, inputs)) {
                long tiles = predictor.predictPair(sa, sb, f, (slab, z0, n) -> w.writeSlab(slab, n), progress);
                w.commit();
                return new Result(a.nx(), a.ny(), a.nz(), tiles, (System.nanoTime() - t0) * 1e-9);
            }
        }
    }
}
