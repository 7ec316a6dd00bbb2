package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * A trained (or freshly initialised) network together with its description ({@link ModelInfo}:
 * training method, network type, tilt range, ...). A model
 * directory holds {@code weights.bin} (the float32 weights, {@link WeightsFile}) and
 * {@code model.json} ({@link ModelInfo}); both are written atomically, weights first, and the
 * description records the weights' CRC32 so a torn pair is detected on loading.
 */
public final class IcecreamModel implements AutoCloseable {

    public static final String WEIGHTS = "weights.bin";
    public static final String DESCRIPTION = "model.json";

    private final NDManager manager;
    private final Network network;
    private ModelInfo info;

    private IcecreamModel(NDManager manager, Network network, ModelInfo info) {
        this.manager = manager;
        this.network = network;
        this.info = info;
    }

    /** A new model with freshly initialised weights on the given device. */
    public static IcecreamModel create(ModelInfo info, UNet3d.Init init, long seed, Device device) {
        NDManager m = NDManager.newBaseManager(device);
        return new IcecreamModel(m, info.network().create(init, seed, m), info);
    }

    /** A model with the given weights on the given device. */
    public static IcecreamModel of(ModelInfo info, float[][] weights, Device device) {
        NDManager m = NDManager.newBaseManager(device);
        try {
            return new IcecreamModel(m, info.network().fromWeights(weights, m), info);
        } catch (IllegalArgumentException e) {
            m.close();
            throw new CryoEtException("Weights do not fit the network " + info.network() + ": " + e.getMessage(), e);
        }
    }

    /** Loads a model directory onto the CPU. */
    public static IcecreamModel load(Path dir) {
        return load(dir, Device.cpu());
    }

    /** Loads a model directory onto the given device. */
    public static IcecreamModel load(Path dir, Device device) {
        Path json = dir.resolve(DESCRIPTION);
        Path bin = dir.resolve(WEIGHTS);
        ModelInfo info;
        try {
            info = ModelInfo.fromJson(Files.readString(json), json.toString());
        } catch (NoSuchFileException e) {
            throw new CryoEtException("Model directory " + dir + " has no " + DESCRIPTION + " (not a trained model?)");
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + json + ": " + e.getMessage(), e);
        }
        float[][] w = WeightsFile.read(bin);
        long crc = WeightsFile.crc32(bin);
        if (info.weightsCrc32() != 0 && crc != info.weightsCrc32()) {
            throw new CryoEtException(bin + " does not match " + json + " (checksum differs; interrupted save?)");
        }
        return of(info, w, device);
    }

    /** Writes weights.bin then model.json into {@code dir} (created if needed), each atomically. */
    public void save(Path dir) {
        Path bin = dir.resolve(WEIGHTS);
        WeightsFile.write(bin, network.weightsToHost());
        info = info.stamped(WeightsFile.crc32(bin), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        String json = info.toJson();
        AtomicOutput.write(dir.resolve(DESCRIPTION), true, tmp -> Files.writeString(tmp, json));
    }

    /** The description; closes this model (for reading model.json with validation only). */
    ModelInfo infoAndClose() {
        close();
        return info;
    }

    /**
     * The model's per-tile prediction as its training method defines it (e.g. ICECREAM's two
     * passes with the recorded tilt range). Each call runs in its own NDManager scope; only
     * operators the method caches stay on the device between calls.
     */
    public TileFunction inferenceFunction() {
        return info.method().method().tileFunction(network, info, manager);
    }

    /**
     * A tile function applying the network once, f(x): the plain denoiser, without what the
     * method's prediction adds around it. Used to show what that adds.
     */
    public TileFunction singlePassFunction() {
        return TileFunction.onDevice(network, manager, (x, crop) -> network.forward(x));
    }

    public ModelInfo info() {
        return info;
    }

    public void setInfo(ModelInfo info) {
        this.info = info;
    }

    public Network network() {
        return network;
    }

    public Device device() {
        return manager.getDevice();
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
