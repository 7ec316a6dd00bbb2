package org.cryoet.learn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import org.cryoet.util.CryoEtException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Self-description of a trained model, stored as {@code model.json} beside the weights.
 *
 * <p>Format 2 (written): {@code "method": {"name", "parameters"}} and
 * {@code "network": {"type", "parameters", "weights"}} name the training method and the network
 * type through their registries ({@link TrainingMethods}, {@link NetworkTypes}). Format 1 (still
 * read) was written when ICECREAM and the U-Net were the only choices: {@code "method": "ICECREAM"},
 * {@code depth}, {@code baseChannels}, {@code parameters} and {@code lambda} at the top level.
 *
 * @param format          file format version of the model directory
 * @param method          training method and its parameters (resolved: every declared parameter)
 * @param loss            registry name of the {@link LossFunction} trained with ("loss" in model.json;
 *                        files without it were trained with {@value LossFunctions#DEFAULT})
 * @param network         network type and parameters
 * @param normalization   how inputs were normalised ({@value #NORMALIZATION}: each half tomogram z-scored)
 * @param tiltMin         lower tilt limit in degrees of the wedge used at inference (first training pair)
 * @param tiltMax         upper tilt limit in degrees
 * @param crop            training crop edge (also the natural prediction tile)
 * @param batch           training batch
 * @param iterations      optimisation steps done so far (cumulative over warm starts)
 * @param learningRate    Adam learning rate
 * @param seed            training seed
 * @param init            weight initialisation, or "warm-start:&lt;dir&gt;"
 * @param trainingData    the half-tomogram pairs trained on, "even | odd [tiltMin, tiltMax]"
 * @param weightsCrc32    CRC32 of weights.bin, to detect a weights file that does not belong here
 * @param software        software name and version
 * @param created         ISO-8601 UTC time of saving
 */
public record ModelInfo(int format, MethodSpec method, String loss, NetworkSpec network, String normalization, double tiltMin,
                        double tiltMax, int crop, int batch, long iterations, double learningRate, long seed,
                        String init, List<String> trainingData, long weightsCrc32, String software, String created) {

    public static final int FORMAT = 2;
    public static final String SOFTWARE = "cryoet-icecream 0.1.0";
    /** The only normalisation the samplers and the tiled predictor apply. */
    public static final String NORMALIZATION = "zscore-per-half";

    // Format 1 knew one method and one network and recorded them without registry names: these
    // are the registry names (and the method parameter) they correspond to.
    private static final String FORMAT1_METHOD = "icecream";
    private static final String FORMAT1_LAMBDA = "lambda";
    private static final String FORMAT1_NETWORK = "unet3d";

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping()
            .serializeSpecialFloatingPointValues().create();

    public ModelInfo {
        trainingData = List.copyOf(trainingData);
        loss = loss == null ? LossFunctions.DEFAULT : loss;
    }

    /** A description of a model trained with the default loss. */
    public ModelInfo(int format, MethodSpec method, NetworkSpec network, String normalization, double tiltMin,
                     double tiltMax, int crop, int batch, long iterations, double learningRate, long seed,
                     String init, List<String> trainingData, long weightsCrc32, String software, String created) {
        this(format, method, LossFunctions.DEFAULT, network, normalization, tiltMin, tiltMax, crop, batch, iterations,
                learningRate, seed, init, trainingData, weightsCrc32, software, created);
    }

    public ModelInfo withIterations(long it) {
        return new ModelInfo(format, method, loss, network, normalization, tiltMin, tiltMax, crop, batch, it, learningRate,
                seed, init, trainingData, weightsCrc32, software, created);
    }

    ModelInfo stamped(long crc, String when) {
        return new ModelInfo(FORMAT, method, loss, network, normalization, tiltMin, tiltMax, crop, batch, iterations,
                learningRate, seed, init, trainingData, crc, SOFTWARE, when);
    }

    /** The description in the current format (2). */
    public String toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("format", FORMAT);
        JsonObject m = new JsonObject();
        m.addProperty("name", method.name());
        JsonObject mp = new JsonObject();
        method.parameters().forEach(mp::addProperty);
        m.add("parameters", mp);
        o.add("method", m);
        o.addProperty("loss", loss);
        JsonObject n = new JsonObject();
        n.addProperty("type", network.type());
        JsonObject np = new JsonObject();
        network.parameters().forEach(np::addProperty);
        n.add("parameters", np);
        n.addProperty("weights", network.parameterCount());
        o.add("network", n);
        o.addProperty("normalization", normalization);
        o.addProperty("tiltMin", tiltMin);
        o.addProperty("tiltMax", tiltMax);
        o.addProperty("crop", crop);
        o.addProperty("batch", batch);
        o.addProperty("iterations", iterations);
        o.addProperty("learningRate", learningRate);
        o.addProperty("seed", seed);
        o.addProperty("init", init);
        JsonArray data = new JsonArray();
        trainingData.forEach(data::add);
        o.add("trainingData", data);
        o.addProperty("weightsCrc32", weightsCrc32);
        o.addProperty("software", software);
        o.addProperty("created", created);
        return GSON.toJson(o) + "\n";
    }

    /** Parses model.json of format 1 or 2; {@code source} names the file in error messages. */
    public static ModelInfo fromJson(String json, String source) {
        JsonObject o;
        try {
            JsonElement e = JsonParser.parseString(json);
            if (!e.isJsonObject()) throw new CryoEtException(source + " is not a model description (no JSON object)");
            o = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new CryoEtException(source + " is not a valid model description: " + e.getMessage(), e);
        }
        ModelInfo info;
        try {
            int format = o.has("format") ? o.get("format").getAsInt() : 0;
            if (format > FORMAT) {
                throw new CryoEtException(source + " has model format " + format + "; this software reads up to "
                        + FORMAT);
            }
            info = format == 1 ? fromFormat1(o, source) : fromFormat2(o, source);
        } catch (IllegalStateException | UnsupportedOperationException | NumberFormatException
                 | NullPointerException e) {
            // Gson's accessors throw these for missing fields or fields of the wrong kind
            throw new CryoEtException(source + " is not a valid model description (" + e.getMessage() + ")", e);
        }
        if (!NORMALIZATION.equals(info.normalization())) {
            throw new CryoEtException(source + " records input normalisation '" + info.normalization()
                    + "'; this software applies only " + NORMALIZATION);
        }
        return info;
    }

    private static ModelInfo fromFormat1(JsonObject o, String source) {
        if (!o.has("method") || !"ICECREAM".equals(o.get("method").getAsString())) {
            throw new CryoEtException(source + " is not an ICECREAM model description");
        }
        MethodSpec method = resolve(new MethodSpec(FORMAT1_METHOD,
                Map.of(FORMAT1_LAMBDA, o.get("lambda").getAsDouble())), source);
        Map<String, Number> net = new LinkedHashMap<>();
        net.put("depth", o.get("depth").getAsInt());
        net.put("channels", o.get("baseChannels").getAsInt());
        NetworkSpec network = network(FORMAT1_NETWORK, net, o.get("parameters").getAsLong(), source);
        return common(o, 1, method, network);
    }

    private static ModelInfo fromFormat2(JsonObject o, String source) {
        if (!o.has("method") || !o.get("method").isJsonObject() || !o.has("network")) {
            throw new CryoEtException(source + " is not a model description (no method and network)");
        }
        JsonObject m = o.getAsJsonObject("method");
        Map<String, Double> mp = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : m.getAsJsonObject("parameters").entrySet()) {
            mp.put(e.getKey(), e.getValue().getAsDouble());
        }
        MethodSpec method = resolve(new MethodSpec(m.get("name").getAsString(), mp), source);
        JsonObject n = o.getAsJsonObject("network");
        Map<String, Number> np = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : n.getAsJsonObject("parameters").entrySet()) {
            np.put(e.getKey(), e.getValue().getAsNumber());
        }
        NetworkSpec network = network(n.get("type").getAsString(), np, n.get("weights").getAsLong(), source);
        String loss = o.has("loss") ? lossName(o.get("loss").getAsString(), source) : LossFunctions.DEFAULT;
        return common(o, FORMAT, method, network).withLoss(loss);
    }

    private static ModelInfo common(JsonObject o, int format, MethodSpec method, NetworkSpec network) {
        List<String> data = new ArrayList<>();
        if (o.has("trainingData")) for (JsonElement e : o.getAsJsonArray("trainingData")) data.add(e.getAsString());
        return new ModelInfo(format, method, network, o.get("normalization").getAsString(),
                o.get("tiltMin").getAsDouble(), o.get("tiltMax").getAsDouble(), o.get("crop").getAsInt(),
                o.get("batch").getAsInt(), o.get("iterations").getAsLong(), o.get("learningRate").getAsDouble(),
                o.get("seed").getAsLong(), o.get("init").getAsString(), data, o.get("weightsCrc32").getAsLong(),
                string(o, "software"), string(o, "created"));
    }

    private ModelInfo withLoss(String name) {
        return new ModelInfo(format, method, name, network, normalization, tiltMin, tiltMax, crop, batch, iterations,
                learningRate, seed, init, trainingData, weightsCrc32, software, created);
    }

    private static String lossName(String name, String source) {
        try {
            return LossFunctions.byName(name).name();
        } catch (CryoEtException e) {
            throw new CryoEtException(source + ": " + e.getMessage(), e);
        }
    }

    private static String string(JsonObject o, String field) {
        return o.has(field) && !o.get(field).isJsonNull() ? o.get(field).getAsString() : "";
    }

    private static MethodSpec resolve(MethodSpec method, String source) {
        try {
            return method.resolved();
        } catch (IllegalArgumentException e) {
            throw new CryoEtException(source + ": " + e.getMessage(), e);
        } catch (CryoEtException e) {
            throw new CryoEtException(source + ": " + e.getMessage(), e);
        }
    }

    private static NetworkSpec network(String type, Map<String, Number> parameters, long weights, String source) {
        NetworkSpec net;
        try {
            net = NetworkTypes.byName(type).spec(parameters);
        } catch (IllegalArgumentException | CryoEtException e) {
            throw new CryoEtException(source + ": " + e.getMessage(), e);
        }
        if (net.parameterCount() != weights) {
            throw new CryoEtException(source + " declares " + weights + " parameters but its network shape has "
                    + net.parameterCount());
        }
        return net;
    }

}
