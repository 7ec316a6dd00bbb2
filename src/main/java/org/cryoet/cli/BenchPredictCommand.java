package org.cryoet.cli;

import org.cryoet.learn.DeviceSelector;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.ModelInfo;
import org.cryoet.learn.TileFunction;
import org.cryoet.learn.TrainingConfig;
import org.cryoet.learn.TiledPredictor;
import org.cryoet.learn.UNet3d;
import org.cryoet.learn.UNetConfig;
import org.cryoet.volume.VolumeSource;
import org.cryoet.util.CryoEtException;
import org.cryoet.util.MemoryTrend;
import org.cryoet.util.Parallel;
import org.cryoet.util.Progress;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code cryoet bench predict}: prediction throughput of a randomly initialised ICECREAM model
 * (tiles per second through F = f(P_M(f(x))), and tomogram voxels per second for a pair), for the
 * demo preset and the reference U-Net.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Measures prediction speed with randomly initialised models: tiles per second through the "
                + "inference function F = f(Re P_M(f(x))) (two network passes per tile), and voxels per second of a "
                + "half-tomogram pair (both halves, tiles overlapping by half). Presets: demo (U-Net 3 levels, "
                + "16 channels, crop 32) and reference (4 levels, 64 channels, crop 72, 16.3 M parameters)."})
public final class BenchPredictCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "both", paramLabel = "NAME",
            description = "demo, reference or both (default ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--depth", paramLabel = "L", description = "Override the U-Net levels.")
    Integer depth;

    @Option(names = "--channels", paramLabel = "C", description = "Override the U-Net base channels.")
    Integer channels;

    @Option(names = "--crop", paramLabel = "N", description = "Override the tile size.")
    Integer crop;

    @Option(names = "--batch", defaultValue = "2", paramLabel = "B", description = "Tiles per call (default ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--repeats", defaultValue = "3", paramLabel = "K", description = "Timed calls after one warm-up call (default ${DEFAULT-VALUE}).")
    int repeats;

    @picocli.CommandLine.Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--volume", paramLabel = "NXxNYxNZ",
            description = "Also time a whole pair prediction of random halves of this size (e.g. 96x96x48).")
    String volume;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    record Preset(String name, UNetConfig net, int crop) {
    }

    @Override
    public Integer call() {
        if (batch < 1 || repeats < 1) throw new CryoEtException("--batch and --repeats must be at least 1");
        List<Preset> presets = new ArrayList<>();
        switch (preset.toLowerCase(Locale.ROOT)) {
            case "demo" -> presets.add(demo());
            case "reference" -> presets.add(reference());
            case "both" -> {
                presets.add(demo());
                presets.add(reference());
            }
            default -> throw new CryoEtException("--preset must be demo, reference or both, not '" + preset + "'");
        }
        int[] vol = volume == null ? null : parseVolume(volume);
        DeviceSelector.Choice dev = DeviceSelector.select(device.device());
        PrintWriter w = spec.commandLine().getOut();
        w.printf(Locale.ROOT, "device: %s, %d worker threads, batch %d, %d timed call(s) after 1 warm-up%n",
                dev, Parallel.threads(), batch, repeats);
        w.printf(Locale.ROOT, "%-10s %-14s %10s %5s %10s %12s %14s %14s%n", "preset", "network", "parameters", "crop",
                "s/call", "tiles/s", "tile-vox/s", "pair vox/s");
        w.flush();
        for (Preset p : presets) {
            Row r = measure(p, dev, vol);
            w.printf(Locale.ROOT, "%-10s %-14s %10d %5d %10.3f %12.3f %14.4g %14.4g%s%n", p.name(),
                    "U-Net " + p.net().depth() + "x" + p.net().baseChannels(), p.net().parameterCount(), p.crop(),
                    r.secondsPerCall, r.tilesPerSecond, r.tilesPerSecond * Math.pow(p.crop(), 3), r.pairVoxelsPerSecond,
                    r.measuredPair ? "  (measured on " + volume + ")" : "  (from the tile rate)");
            w.printf(Locale.ROOT, "%-10s resident memory over the timed calls: %s%n", "", r.memory.summary("call"));
            w.flush();
        }
        w.println("pair vox/s: tomogram voxels per second for (F(even) + F(odd))/2 with tile overlap 0.5;");
        w.println("figures measured while other processes use the machine are noisy.");
        w.flush();
        return 0;
    }

    private Preset demo() {
        return override(new Preset("demo", new UNetConfig(3, 16), 32));
    }

    private Preset reference() {
        return override(new Preset("reference", UNetConfig.reference(), 72));
    }

    private Preset override(Preset p) {
        UNetConfig net = new UNetConfig(depth != null ? depth : p.net().depth(),
                channels != null ? channels : p.net().baseChannels());
        int c = crop != null ? crop : p.crop();
        try {
            net.checkCrop(c);
        } catch (IllegalArgumentException e) {
            throw new CryoEtException(e.getMessage());
        }
        return new Preset(p.name(), net, c);
    }

    static int[] parseVolume(String s) {
        String[] f = s.toLowerCase(Locale.ROOT).split("x");
        try {
            if (f.length != 3) throw new NumberFormatException();
            int[] v = {Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim()), Integer.parseInt(f[2].trim())};
            for (int d : v) if (d < 1) throw new NumberFormatException();
            return v;
        } catch (NumberFormatException e) {
            throw new CryoEtException("--volume must look like 96x96x48, not '" + s + "'");
        }
    }

    private static final class Row {
        double secondsPerCall;
        double tilesPerSecond;
        double pairVoxelsPerSecond;
        boolean measuredPair;
        final MemoryTrend memory = new MemoryTrend();
    }

    private Row measure(Preset p, DeviceSelector.Choice dev, int[] vol) {
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, TrainingConfig.defaults().method(), p.net(),
                ModelInfo.NORMALIZATION, -60, 60, p.crop(), batch, 0, 1e-4, 1, "bench-random", List.of(), 0,
                ModelInfo.SOFTWARE, "");
        Row r = new Row();
        try (IcecreamModel model = IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 1, dev.device());
             TileFunction f = model.inferenceFunction()) {
            int c = p.crop();
            float[] tiles = new float[batch * c * c * c];
            Random rnd = new Random(7);
            for (int i = 0; i < tiles.length; i++) tiles[i] = (float) rnd.nextGaussian();
            f.apply(tiles, batch, c); // warm-up (kernel selection, allocations)
            long t0 = System.nanoTime();
            for (int k = 0; k < repeats; k++) {
                f.apply(tiles, batch, c);
                r.memory.sample(k + 1);
            }
            double s = (System.nanoTime() - t0) * 1e-9;
            r.secondsPerCall = s / repeats;
            r.tilesPerSecond = repeats * (double) batch / s;
            TiledPredictor tp = new TiledPredictor(c).batch(batch);
            double stride = tp.stride();
            r.pairVoxelsPerSecond = r.tilesPerSecond * stride * stride * stride / 2;
            if (vol != null) {
                Volume a = random(vol, 1);
                Volume b = random(vol, 2);
                long t1 = System.nanoTime();
                tp.predictPair(VolumeSource.of(a), VolumeSource.of(b), f, Progress.NONE);
                double sp = (System.nanoTime() - t1) * 1e-9;
                r.pairVoxelsPerSecond = (double) vol[0] * vol[1] * vol[2] / sp;
                r.measuredPair = true;
            }
        }
        return r;
    }

    private static Volume random(int[] v, long seed) {
        Volume vol = Volume.create(v[0], v[1], v[2], Calibration.UNIT);
        Random r = new Random(seed);
        float[] d = vol.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) r.nextGaussian();
        return vol;
    }
}
