package org.cryoet.learn;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.zip.CRC32;

/**
 * A trained (or freshly initialised) network together with its description ({@link ModelInfo}:
 * training method, network type, tilt range, ...). A model
 * directory holds {@code weights.bin} (the raw float32 weights, see {@link #writeArrays}) and
 * {@code model.json} ({@link ModelInfo}); both are written atomically, weights first, and the
 * description records the weights' CRC32 so a torn pair is detected on loading.
 */
public final class IcecreamModel implements AutoCloseable {

    public static final String WEIGHTS = "weights.bin";
    public static final String DESCRIPTION = "model.json";
    private static final byte[] MAGIC = "CRYOETF1".getBytes(StandardCharsets.US_ASCII);

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
        float[][] w = readArrays(bin);
        long crc = crc32(bin);
        if (info.weightsCrc32() != 0 && crc != info.weightsCrc32()) {
            throw new CryoEtException(bin + " does not match " + json + " (checksum differs; interrupted save?)");
        }
        return of(info, w, device);
    }

    /** Writes weights.bin then model.json into {@code dir} (created if needed), each atomically. */
    public void save(Path dir) {
        Path bin = dir.resolve(WEIGHTS);
        writeArrays(bin, network.weightsToHost());
        info = info.stamped(crc32(bin), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
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

    // ---- raw float array files (weights, optimiser moments) ----

    /** Writes arrays as: magic, count, then per array its length and little-endian float32 data. */
    public static void writeArrays(Path file, float[][] arrays) {
        AtomicOutput.write(file, true, tmp -> {
            try (OutputStream os = Files.newOutputStream(tmp);
                 DataOutputStream out = new DataOutputStream(new BufferedOutputStream(os, 1 << 16))) {
                out.write(MAGIC);
                out.writeInt(arrays.length);
                for (float[] a : arrays) {
                    out.writeInt(a.length);
                    ByteBuffer bb = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                    bb.asFloatBuffer().put(a);
                    out.write(bb.array());
                }
            }
        });
    }

    /** Reads a file written by {@link #writeArrays}. */
    public static float[][] readArrays(Path file) {
        try (InputStream is = Files.newInputStream(file);
             DataInputStream in = new DataInputStream(new BufferedInputStream(is, 1 << 16))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, MAGIC)) {
                throw new CryoEtException(file + " is not a cryoet weights file (bad magic)");
            }
            int n = in.readInt();
            if (n < 0 || n > 10_000) throw new CryoEtException(file + " is corrupt (array count " + n + ")");
            float[][] out = new float[n][];
            for (int i = 0; i < n; i++) {
                int len = in.readInt();
                if (len < 0 || len > Files.size(file) / 4) {
                    throw new CryoEtException(file + " is corrupt (array length " + len + ")");
                }
                byte[] raw = new byte[len * 4];
                in.readFully(raw);
                out[i] = new float[len];
                ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out[i]);
            }
            return out;
        } catch (NoSuchFileException e) {
            throw new CryoEtException("Missing file " + file);
        } catch (EOFException e) {
            throw new CryoEtException(file + " is truncated");
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static long crc32(Path file) {
        CRC32 crc = new CRC32();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) crc.update(buf, 0, r);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + file + ": " + e.getMessage(), e);
        }
        return crc.getValue();
    }
}
