package org.cryoet.learn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.cryoet.util.CryoEtException;

import java.util.List;

/**
 * Self-description of a trained ICECREAM model, stored as {@code model.json} beside the weights.
 *
 * @param format          file format version of the model directory
 * @param method          always "ICECREAM"
 * @param depth           U-Net levels
 * @param baseChannels    U-Net channels of the first level
 * @param parameters      number of weights (consistency check)
 * @param normalization   how inputs were normalised ("zscore-per-half": each half tomogram z-scored)
 * @param tiltMin         lower tilt limit in degrees of the wedge used at inference (first training pair)
 * @param tiltMax         upper tilt limit in degrees
 * @param crop            training crop edge (also the natural prediction tile)
 * @param batch           training batch
 * @param iterations      optimisation steps done so far (cumulative over warm starts)
 * @param lambda          weight of the equivariance term
 * @param learningRate    Adam learning rate
 * @param seed            training seed
 * @param init            weight initialisation, or "warm-start:&lt;dir&gt;"
 * @param trainingData    the half-tomogram pairs trained on, "even | odd [tiltMin, tiltMax]"
 * @param weightsCrc32    CRC32 of weights.bin, to detect a weights file that does not belong here
 * @param software        software name and version
 * @param created         ISO-8601 UTC time of saving
 */
public record ModelInfo(int format, String method, int depth, int baseChannels, long parameters,
                        String normalization, double tiltMin, double tiltMax, int crop, int batch,
                        long iterations, double lambda, double learningRate, long seed, String init,
                        List<String> trainingData, long weightsCrc32, String software, String created) {

    public static final int FORMAT = 1;
    public static final String SOFTWARE = "cryoet-icecream 0.1.0";
    public static final String NORMALIZATION = "zscore-per-half";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    public UNetConfig network() {
        return new UNetConfig(depth, baseChannels);
    }

    public ModelInfo withIterations(long it) {
        return new ModelInfo(format, method, depth, baseChannels, parameters, normalization, tiltMin, tiltMax,
                crop, batch, it, lambda, learningRate, seed, init, trainingData, weightsCrc32, software, created);
    }

    ModelInfo stamped(long crc, String when) {
        return new ModelInfo(format, method, depth, baseChannels, parameters, normalization, tiltMin, tiltMax,
                crop, batch, iterations, lambda, learningRate, seed, init, trainingData, crc, SOFTWARE, when);
    }

    public String toJson() {
        return GSON.toJson(this) + "\n";
    }

    /** Parses model.json; {@code source} names the file in error messages. */
    public static ModelInfo fromJson(String json, String source) {
        ModelInfo info;
        try {
            info = GSON.fromJson(json, ModelInfo.class);
        } catch (JsonParseException e) {
            throw new CryoEtException(source + " is not a valid model description: " + e.getMessage(), e);
        }
        if (info == null || !"ICECREAM".equals(info.method())) {
            throw new CryoEtException(source + " is not an ICECREAM model description");
        }
        if (info.format() > FORMAT) {
            throw new CryoEtException(source + " has model format " + info.format() + "; this software reads up to "
                    + FORMAT);
        }
        try {
            UNetConfig net = info.network();
            if (net.parameterCount() != info.parameters()) {
                throw new CryoEtException(source + " declares " + info.parameters() + " parameters but its network "
                        + "shape has " + net.parameterCount());
            }
        } catch (IllegalArgumentException e) {
            throw new CryoEtException(source + ": " + e.getMessage(), e);
        }
        return info;
    }
}
