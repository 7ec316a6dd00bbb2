import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.IcecreamPresets;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.Trainer;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TrainingPair;
import org.cryoet.volume.VolumeSource;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.FbpOptions;
import org.cryoet.tomo.FilteredBackProjection;
import org.cryoet.tomo.HalfSplitter;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.Progress;
import org.cryoet.volume.Volume;
import org.cryoet.workflow.Demo;
import org.cryoet.workflow.DemoOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Trains several training methods on the same simulated acquisition (the demo's phantom, dose
 * split and weighted back-projection; crops drawn anywhere, no sample mask, since methods that draw
 * enlarged crops need more room than the demo's mask leaves) with the demo preset at the same number of
 * iterations, predicts both halves with each method's inference function and scores the result
 * against the ground truth (the demo's scores: CC, Fourier correlation in the measured region and
 * in the missing wedge).
 *
 * <p>Usage (from the repository root, after {@code ./cryoet --version} has built the classpath):
 * <pre>
 * java -cp "target/classes:$(cat target/runtime-classpath.txt)" bench/MethodComparison.java \
 *     WORKDIR NX NY NZ ITERATIONS SEED METHOD[:k=v,...] [METHOD ...]
 * </pre>
 * e.g. {@code ... /tmp/cmp 80 80 48 400 1 icecream ddw:update_every=100}.
 */
public final class MethodComparison {

    public static void main(String[] args) throws Exception {
        if (args.length < 7) {
            System.err.println("usage: WORKDIR NX NY NZ ITERATIONS SEED METHOD[:k=v,...] [METHOD ...]");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        int nx = Integer.parseInt(args[1]);
        int ny = Integer.parseInt(args[2]);
        int nz = Integer.parseInt(args[3]);
        long iterations = Long.parseLong(args[4]);
        long seed = Long.parseLong(args[5]);
        DemoOptions o = new DemoOptions(nx, ny, nz, -60, 60, 3, 4, -5, seed, iterations, true);
        Files.createDirectories(work);

        PhantomSpec phantom = PhantomSpec.of(nx, ny, nz, seed);
        AcquisitionSpec acq = AcquisitionSpec.defaults().withRange(o.tiltMin(), o.tiltMax(), o.tiltStep())
                .withFrames(o.frames()).withSnrDb(o.snrDb()).withSeed(seed);
        SimulatedAcquisition sim = AcquisitionSimulator.simulate(phantom, acq, Progress.NONE);
        Volume truth = sim.groundTruth();
        HalfSplitter.Halves halves = HalfSplitter.doseSplit(sim.frames(), o.frames(), sim.anglesDeg());
        FbpOptions fbp = FbpOptions.builder().thickness(nz).build();
        Volume full = FilteredBackProjection.reconstruct(sim.tiltSeries(), sim.anglesDeg(), fbp, Progress.NONE);
        Volume even = FilteredBackProjection.reconstruct(halves.even(), halves.evenAngles(), fbp, Progress.NONE);
        Volume odd = FilteredBackProjection.reconstruct(halves.odd(), halves.oddAngles(), fbp, Progress.NONE);
        print(Demo.score("FBP", full, truth, o), 0, 0);

        for (int i = 6; i < args.length; i++) {
            String[] parts = args[i].split(":", 2);
            TrainingConfig.Builder b = IcecreamPresets.demo().toBuilder().seed(seed).iterations(iterations)
                    .checkpointEvery(0).checkpointMinutes(0).progressEvery(0).method(parts[0]);
            if (parts.length == 2) {
                for (String kv : parts[1].split(",")) {
                    String[] p = kv.split("=", 2);
                    b.methodParameter(p[0], Double.parseDouble(p[1]));
                }
            }
            TrainingConfig config = b.build();
            Path modelDir = work.resolve(args[i].replaceAll("[^A-Za-z0-9_=.-]", "_"));
            long t0 = System.nanoTime();
            Trainer.Result r = new Trainer(config, List.of(new TrainingPair(even, odd, o.tiltMin(), o.tiltMax(), null,
                    "comparison")), modelDir).run(Progress.NONE);
            double trainSeconds = (System.nanoTime() - t0) / 1e9;
            TiledPredictor predictor = new TiledPredictor(config.crop()).batch(config.batch());
            try (IcecreamModel model = IcecreamModel.load(modelDir); TileFunction f = model.inferenceFunction()) {
                Volume v = predictor.predictPair(VolumeSource.of(even, "even"), VolumeSource.of(odd, "odd"), f,
                        Progress.NONE);
                print(Demo.score(config.method().toString(), v, truth, o), r.iteration(), trainSeconds);
            }
        }
    }

    private static void print(Demo.Score s, long iterations, double seconds) {
        System.out.printf(Locale.ROOT, "%-40s it %6d  train %7.1f s  CC %.4f  visible %.4f  wedge %.4f%n", s.method(),
                iterations, seconds, s.cc(), s.visibleCorrelation(), s.wedgeCorrelation());
    }
}
