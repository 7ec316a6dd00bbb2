package org.cryoet.learn.cryolithe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.cryoet.learn.WeightsFile;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

/**
 * A trained CryoLithe model on disk: {@code weights.bin} (float32 arrays in
 * {@link CryolitheConfig#weightShapes()} order, in the {@link WeightsFile} format of every model)
 * and {@code model.json} ({@link Info}: sizes, how it was made, what it scored). The built-in
 * models are the same pair of files under {@code /org/cryoet/learn/cryolithe/} on the class path.
 */
public final class CryolitheModel {
    public static final String WEIGHTS = "weights.bin";
    public static final String DESCRIPTION = "model.json";
    /** Class-path folders of the built-in wavelet (default) and pixel models. */
    public static final String BUILT_IN_WAVELET = "/org/cryoet/learn/cryolithe/wavelet/";
    public static final String BUILT_IN_PIXEL = "/org/cryoet/learn/cryolithe/pixel/";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    /**
     * What model.json records.
     *
     * @param command     the command line that trained it (reproduces it)
     * @param dataRecipe  the training-data generator and its ranges
     * @param heldOut     what the training data never contained (for honest evaluation)
     * @param figures     measured figures on fixed cases (name -> value), checked by tests
     */
    public record Info(String method, CryolitheConfig config, String command, long seed, long iterations,
                       double trainingSeconds, String dataRecipe, String heldOut, Map<String, Double> figures,
                       long weightsCrc32, String created) {
        public Info {
            figures = figures == null ? new LinkedHashMap<>() : new LinkedHashMap<>(figures);
        }

        public Info withFigures(Map<String, Double> f) {
            return new Info(method, config, command, seed, iterations, trainingSeconds, dataRecipe, heldOut, f,
                    weightsCrc32, created);
        }
    }

    private final Info info;
    private final float[][] weights;
    private final String source;

    public CryolitheModel(Info info, float[][] weights, String source) {
        this.info = info;
        this.weights = weights;
        this.source = source;
        long[][] shapes = info.config().weightShapes();
        if (weights.length != shapes.length) {
            throw new CryoEtException(source + ": " + weights.length + " weight arrays, the configuration needs "
                    + shapes.length);
        }
        for (int i = 0; i < shapes.length; i++) {
            long n = 1;
            for (long d : shapes[i]) n *= d;
            if (weights[i].length != n) {
                throw new CryoEtException(source + ": weight " + i + " has " + weights[i].length + " values, expected " + n);
            }
        }
    }

    public Info info() {
        return info;
    }

    public CryolitheConfig config() {
        return info.config();
    }

    public float[][] weights() {
        return weights;
    }

    /** Where it was read from (a folder or the built-in resource). */
    public String source() {
        return source;
    }

    /** Freshly initialised weights of the given size (for timing: the cost does not depend on the weights). */
    public static CryolitheModel untrained(CryolitheConfig config, long seed) {
        float[][] w;
        try (NDManager m = NDManager.newBaseManager(Device.cpu());
             CryolitheNetwork net = CryolitheNetwork.create(config, seed, m)) {
            w = net.weightsToHost();
        }
        Info info = new Info("cryolithe", config, null, seed, 0, 0, null, null, null, 0, null);
        return new CryolitheModel(info, w, "untrained " + (config.wavelet() ? "wavelet" : "pixel") + " network");
    }

    /** Reads a model folder. */
    public static CryolitheModel load(Path dir) {
        Path json = dir.resolve(DESCRIPTION);
        Path bin = dir.resolve(WEIGHTS);
        if (!Files.isRegularFile(json) || !Files.isRegularFile(bin)) {
            throw new CryoEtException("Model folder " + dir + " does not hold " + DESCRIPTION + " and " + WEIGHTS);
        }
        try {
            return parse(Files.readString(json), Files.readAllBytes(bin), dir.toString());
        } catch (IOException e) {
            throw new CryoEtException("Cannot read model " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The built-in model: wavelet (default) or pixel. */
    public static CryolitheModel builtIn(boolean pixel) {
        String folder = pixel ? BUILT_IN_PIXEL : BUILT_IN_WAVELET;
        try (InputStream j = CryolitheModel.class.getResourceAsStream(folder + DESCRIPTION);
             InputStream w = CryolitheModel.class.getResourceAsStream(folder + WEIGHTS)) {
            if (j == null || w == null) {
                throw new CryoEtException("No built-in CryoLithe " + (pixel ? "pixel" : "wavelet")
                        + " model in this build; train one with ./cryoet cryolithe train" + (pixel ? " --pixel" : "")
                        + " and pass --model DIR");
            }
            return parse(new String(j.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), w.readAllBytes(),
                    "built-in " + (pixel ? "pixel" : "wavelet") + " model");
        } catch (IOException e) {
            throw new CryoEtException("Cannot read the built-in CryoLithe model: " + e.getMessage(), e);
        }
    }

    private static CryolitheModel parse(String json, byte[] bin, String source) {
        Info info;
        try {
            info = GSON.fromJson(json, Info.class);
        } catch (JsonParseException e) {
            throw new CryoEtException(source + "/" + DESCRIPTION + " is not a CryoLithe model description: "
                    + e.getMessage(), e);
        }
        if (info == null || info.config() == null || !"cryolithe".equals(info.method())) {
            throw new CryoEtException(source + "/" + DESCRIPTION + " is not a CryoLithe model description");
        }
        if (info.weightsCrc32() != 0 && WeightsFile.crc32(bin) != info.weightsCrc32()) {
            throw new CryoEtException(source + "/" + WEIGHTS + " does not match its " + DESCRIPTION
                    + " (checksum differs; interrupted save?)");
        }
        return new CryolitheModel(info, WeightsFile.read(bin, source + "/" + WEIGHTS), source);
    }

    /** Writes weights.bin then model.json (with the weights' checksum) into {@code dir}, each atomically. */
    public static void save(Path dir, Info info, float[][] weights) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new CryoEtException("Cannot create model folder " + dir + ": " + e.getMessage(), e);
        }
        byte[] bin = WeightsFile.bytes(weights);
        Info stamped = new Info("cryolithe", info.config(), info.command(), info.seed(), info.iterations(),
                info.trainingSeconds(), info.dataRecipe(), info.heldOut(), info.figures(), WeightsFile.crc32(bin),
                java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        AtomicOutput.write(dir.resolve(WEIGHTS), true, tmp -> Files.write(tmp, bin));
        String json = GSON.toJson(stamped);
        AtomicOutput.write(dir.resolve(DESCRIPTION), true, tmp -> Files.writeString(tmp, json));
    }
}
