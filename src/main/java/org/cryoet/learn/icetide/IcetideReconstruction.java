package org.cryoet.learn.icetide;

import org.cryoet.learn.HostArrays;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import org.cryoet.tomo.Misalignment;
import org.cryoet.tomo.ProjectionDeformation;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CancelledException;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;

/**
 * ICE-TIDE (seed paper 003): fits an implicit volume directly to the recorded projections by
 * sampling rays, and learns every view's shift, in-plane rotation and local deformation at the same
 * time. The loss is the L1 distance between recorded pixels and predicted line integrals (plus a
 * learned intensity offset) with L1 penalties on the deformations. Shifts and rotations are frozen
 * for the first epochs (the volume first fits the unaligned data), the local deformation longer;
 * all learning rates follow a step schedule.
 *
 * <p>The recorded values are divided by their standard deviation before fitting and the volume is
 * multiplied back, so densities are in the input's units per voxel: projecting the output with
 * {@code tomo.ForwardProjector} reproduces the aligned input up to the offset.
 */
public final class IcetideReconstruction implements AutoCloseable {
    private static final int MAGIC = 0x1CE71DE1;

    private final IcetideOptions options;
    private final int width, height, views;
    private final double[] anglesDeg;
    private final float[] data;
    private final double dataScale;
    private final Calibration calibration;
    private final NDManager manager;
    private final ImplicitVolume volume;
    private final ViewDeformations deformations;
    private final NDArray offset;
    private final RayModel rays;
    private final GroupAdam adam;
    private final GroupAdam.Group volumeGroup, shiftGroup, rotationGroup, localGroup;
    private final NDArray lambdaShift, lambdaRotation, lambdaLocal, lambdaMean;
    private int epoch;
    private double lastLoss = Double.NaN;

    /** Reports after every epoch. */
    public interface Listener {
        void epochDone(int epoch, double loss, IcetideReconstruction reconstruction);
    }

    public IcetideReconstruction(Volume tiltSeries, double[] anglesDeg, IcetideOptions options, Device device) {
        if (anglesDeg.length != tiltSeries.nz()) {
            throw new CryoEtException(anglesDeg.length + " tilt angles for " + tiltSeries.nz() + " images");
        }
        for (double a : anglesDeg) {
            if (!(Math.abs(a) < 80)) throw new CryoEtException("Tilt angle " + a + " is outside -80..80 degrees");
        }
        this.options = options;
        this.width = tiltSeries.nx();
        this.height = tiltSeries.ny();
        this.views = tiltSeries.nz();
        this.anglesDeg = anglesDeg.clone();
        this.calibration = tiltSeries.calibration();
        float[] d = tiltSeries.data();
        double sum = 0, sq = 0;
        for (float v : d) {
            sum += v;
            sq += (double) v * v;
        }
        double mean = sum / d.length, sd = Math.sqrt(Math.max(0, sq / d.length - mean * mean));
        this.dataScale = sd > 0 ? sd : 1;
        this.data = new float[d.length];
        for (int i = 0; i < d.length; i++) data[i] = (float) (d[i] / dataScale);

        this.manager = NDManager.newBaseManager(device);
        double[] half = domainHalfExtent(width, height, options.thickness(), anglesDeg);
        HashGridSpec spec = options.grid() != null ? options.grid()
                : HashGridSpec.forSize((int) Math.ceil(2 * Math.max(half[0], Math.max(half[1], half[2]))));
        this.volume = new ImplicitVolume(spec, half, options.seed(), manager);
        int g = options.local() ? options.localGrid() : 2;
        this.deformations = new ViewDeformations(views, width, height, g, g, manager);
        this.offset = manager.zeros(new Shape(1));
        offset.setRequiresGradient(true);
        this.rays = new RayModel(options.thickness(), options.samplesPerRay());
        this.adam = new GroupAdam(manager);
        List<NDArray> vp = new ArrayList<>(volume.parameters());
        vp.add(offset);
        volumeGroup = adam.add("volume", vp.toArray(new NDArray[0]));
        shiftGroup = adam.add("shift", deformations.shift());
        rotationGroup = adam.add("rotation", deformations.rotation());
        localGroup = options.local() ? adam.add("local", deformations.local()) : null;
        lambdaShift = HostArrays.scalar(manager, (float) options.shiftPenalty());
        lambdaRotation = HostArrays.scalar(manager, (float) options.rotationPenalty());
        lambdaLocal = HostArrays.scalar(manager, (float) options.localPenalty());
        lambdaMean = HostArrays.scalar(manager, (float) options.meanLocalPenalty());
    }

    /**
     * Half-extents (voxels) of the volume domain: wide enough laterally that every sample of every
     * ray through the detector (plus a margin for shifts) stays inside, because a real lamella
     * continues beyond the field of view (and the simulator's ice layer does too).
     */
    static double[] domainHalfExtent(int width, int height, int thickness, double[] anglesDeg) {
        double margin = Math.max(8, 0.15 * Math.max(width, height));
        double hx = width / 2.0 + margin;
        for (double a : anglesDeg) {
            double th = Math.toRadians(a);
            hx = Math.max(hx, (width / 2.0 + margin) / Math.cos(th) + thickness / 2.0 * Math.abs(Math.tan(th)));
        }
        return new double[] {hx, height / 2.0 + margin, thickness / 2.0 + 0.5};
    }

    public IcetideOptions options() {
        return options;
    }

    public int epoch() {
        return epoch;
    }

    public double lastLoss() {
        return lastLoss;
    }

    public ImplicitVolume implicitVolume() {
        return volume;
    }

    public ViewDeformations deformations() {
        return deformations;
    }

    /** Runs the remaining epochs. On cancellation the state stays consistent (resume continues). */
    public void run(Progress progress, Listener listener) {
        org.cryoet.learn.GradMode.offOnThisThread();
        while (epoch < options.epochs()) {
            if (progress.isCancelled()) throw new CancelledException("ICE-TIDE");
            lastLoss = step();
            epoch++;
            progress.update("ICE-TIDE", epoch, options.epochs());
            if (listener != null) listener.epochDone(epoch, lastLoss, this);
        }
    }

    /** One epoch: {@code raysPerView} random pixels of every view, one optimiser step. Returns the data term. */
    double step() {
        double factor = Math.pow(options.lrGamma(), epoch / options.lrStepEpochs());
        volumeGroup.lr = options.volumeLr() * factor;
        if (options.matchesAt(epoch)) matchProjections();
        boolean global = options.globalGradientAt(epoch);
        shiftGroup.lr = global ? options.shiftLr() * factor : 0;
        rotationGroup.lr = global ? options.rotationLr() * factor : 0;
        if (localGroup != null) localGroup.lr = options.localGradientAt(epoch) ? options.localLr() * factor : 0;

        SplittableRandom rng = new SplittableRandom(options.seed() * 1_000_003L + epoch);
        int n = views * options.raysPerView();
        int[] view = new int[n], column = new int[n], row = new int[n];
        double[] theta = new double[n];
        float[] measured = new float[n];
        for (int t = 0, k = 0; t < views; t++) {
            for (int i = 0; i < options.raysPerView(); i++, k++) {
                view[k] = t;
                column[k] = rng.nextInt(width);
                row[k] = rng.nextInt(height);
                theta[k] = anglesDeg[t];
                measured[k] = data[(t * height + row[k]) * width + column[k]];
            }
        }
        double loss;
        try (NDManager scope = manager.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray target = HostArrays.create(scope, measured);
            NDArray total = dataTerm(view, column, row, theta, target, rng, scope);
            loss = total.getFloat();
            total = total.add(deformations.shiftPenalty(scope).mul(lambdaShift))
                    .add(deformations.rotationPenalty(scope).mul(lambdaRotation));
            if (options.local()) {
                total = total.add(deformations.localPenalty(scope).mul(lambdaLocal))
                        .add(deformations.meanDisplacementPenalty(scope).mul(lambdaMean));
            }
            gc.backward(total);
        }
        adam.step();
        if (!Double.isFinite(loss)) {
            throw new CryoEtException("ICE-TIDE diverged at epoch " + (epoch + 1) + " (loss " + loss
                    + "); try a lower volume learning rate");
        }
        return loss;
    }

    /**
     * One round of projection matching ({@link ProjectionMatching}): every view's shift, rotation (if
     * it is refined) and, once the local deformation is on, its control values re-estimated against
     * the reprojection of the current volume. Deterministic, so a resumed run repeats it exactly.
     */
    void matchProjections() {
        double[] half = volume.half();
        int margin = (int) Math.floor(Math.max(8, 0.15 * Math.max(width, height)));
        float[][] reference = ProjectionMatching.reproject(volume, anglesDeg, width, height, options.thickness(),
                options.samplesPerRay(), margin, half[0], manager);
        Misalignment current = deformations.toMisalignment(options.local());
        float offsetValue = offset.getFloat();
        boolean rotate = options.rotationLr() > 0, local = options.local() && epoch >= options.localDelay();
        ProjectionDeformation[] refined = new ProjectionDeformation[views];
        org.cryoet.util.Parallel.forEach(views, t -> {
            float[] image = java.util.Arrays.copyOfRange(data, t * width * height, (t + 1) * width * height);
            refined[t] = ProjectionMatching.register(reference[t], margin, image, width, height, current.view(t),
                    offsetValue, rotate, local);
        });
        Misalignment m = new Misalignment(refined);
        if (local) {
            deformations.set(m);
        } else {
            float[] shifts = new float[2 * views], rotations = new float[views];
            for (int t = 0; t < views; t++) {
                shifts[2 * t] = (float) refined[t].shiftX();
                shifts[2 * t + 1] = (float) refined[t].shiftY();
                rotations[t] = (float) refined[t].rotationDeg();
            }
            deformations.shift().set(shifts);
            deformations.rotation().set(rotations);
        }
    }

    /** Mean |prediction - measured| of the given rays, in units of the input's standard deviation. */
    NDArray dataTerm(int[] view, int[] column, int[] row, double[] theta, NDArray target, SplittableRandom jitter,
                     NDManager scope) {
        NDArray u = deformations.detectorPositions(view, column, row, options.local(), scope);
        NDArray predicted = rays.project(volume, u, theta, jitter, scope).add(offset);
        return predicted.sub(target).abs().mean();
    }

    /** The current volume on the output grid (input width x height x thickness), evaluated slice by slice. */
    public Volume volume(Progress progress) {
        int nz = options.thickness();
        Volume out = Volume.create(width, height, nz, calibration);
        int area = width * height;
        for (int z = 0; z < nz; z++) {
            System.arraycopy(slice(z), 0, out.data(), z * area, area);
            progress.update("Evaluating volume", z + 1, nz);
        }
        return out;
    }

    /** One xy section {@code z} (0..thickness-1) of the current volume, x fastest, in the input's units. */
    public float[] slice(int z) {
        int nz = options.thickness();
        if (z < 0 || z >= nz) throw new IllegalArgumentException("slice " + z + " outside 0.." + (nz - 1));
        double cx = (width - 1) / 2.0, cy = (height - 1) / 2.0, cz = (nz - 1) / 2.0;
        int area = width * height;
        float[] points = new float[area * 3];
        for (int y = 0, k = 0; y < height; y++) {
            for (int x = 0; x < width; x++, k++) {
                points[3 * k] = (float) (x - cx);
                points[3 * k + 1] = (float) (y - cy);
                points[3 * k + 2] = (float) (z - cz);
            }
        }
        try (NDManager scope = manager.newSubManager()) {
            NDArray p = HostArrays.create(scope, points, new Shape(area, 3));
            float[] slice = HostArrays.toHost(volume.density(p, scope));
            for (int k = 0; k < area; k++) slice[k] = (float) (slice[k] * dataScale);
            return slice;
        }
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The refined per-view deformations (local part only when it is refined). */
    public Misalignment alignment() {
        return deformations.toMisalignment(options.local());
    }

    private List<NDArray> state() {
        List<NDArray> s = new ArrayList<>();
        for (GroupAdam.Group g : adam.groups()) {
            for (NDArray p : g.params) s.add(p);
            for (NDArray m : g.m) s.add(m);
            for (NDArray v : g.v) s.add(v);
        }
        return s;
    }

    /** Writes everything a resumed run needs (parameters, optimiser moments, epoch). */
    public void saveCheckpoint(Path path) {
        AtomicOutput.write(path, true, tmp -> {
            try (DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(Files.newOutputStream(tmp)))) {
                out.writeInt(MAGIC);
                out.writeInt(epoch);
                out.writeInt(adam.groups().size());
                for (GroupAdam.Group g : adam.groups()) out.writeLong(g.step);
                List<NDArray> s = state();
                out.writeInt(s.size());
                for (NDArray a : s) {
                    float[] v = HostArrays.toHost(a);
                    out.writeInt(v.length);
                    for (float f : v) out.writeFloat(f);
                }
            }
        });
    }

    /** Restores a checkpoint written by {@link #saveCheckpoint} with the same data and settings. */
    public void loadCheckpoint(Path path) {
        try (DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(path)))) {
            if (in.readInt() != MAGIC) throw new CryoEtException("Checkpoint " + path + " is not an ICE-TIDE checkpoint");
            int e = in.readInt();
            int groups = in.readInt();
            if (groups != adam.groups().size()) throw mismatch(path);
            long[] steps = new long[groups];
            for (int i = 0; i < groups; i++) steps[i] = in.readLong();
            List<NDArray> s = state();
            if (in.readInt() != s.size()) throw mismatch(path);
            for (NDArray a : s) {
                int n = in.readInt();
                if (n != a.getShape().size()) throw mismatch(path);
                float[] v = new float[n];
                for (int i = 0; i < n; i++) v[i] = in.readFloat();
                a.set(v);
            }
            for (int i = 0; i < groups; i++) adam.groups().get(i).step = steps[i];
            epoch = e;
        } catch (java.nio.file.NoSuchFileException ex) {
            throw new CryoEtException("Checkpoint " + path + " does not exist (nothing to resume)");
        } catch (IOException ex) {
            throw new CryoEtException("Cannot read checkpoint " + path + ": " + ex.getMessage(), ex);
        }
    }

    private static CryoEtException mismatch(Path path) {
        return new CryoEtException("Checkpoint " + path + " was written for another tilt series size or other "
                + "settings (grid, local deformation); start without --resume");
    }

    @Override
    public void close() {
        adam.close();
        manager.close();
    }
}
