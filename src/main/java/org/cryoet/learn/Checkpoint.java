package org.cryoet.learn;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import org.cryoet.util.AtomicOutput;
import org.cryoet.util.CryoEtException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Everything needed to continue a training run exactly: weights, Adam moments and step count,
 * the iteration reached, the crop sampler's random state, the loss history and the training
 * method's own state ({@link PreparedMethod#state()}, if it keeps one). Stored in
 * {@code model-dir/checkpoint/}: {@code weights.bin}, {@code adam.bin}, {@code method.bin} (only
 * with a method state), {@code loss.csv} and last {@code state.json}, which records the CRC32 of
 * the binaries, so a checkpoint interrupted while being written is recognised (the previous
 * state.json then no longer matches).
 */
public record Checkpoint(long iteration, long adamStep, long[] samplerState, long seed, float[][] weights,
                         float[][] adamState, LossHistory history, float[][] methodState) {

    /** A checkpoint without method state. */
    public Checkpoint(long iteration, long adamStep, long[] samplerState, long seed, float[][] weights,
                      float[][] adamState, LossHistory history) {
        this(iteration, adamStep, samplerState, seed, weights, adamState, history, null);
    }

    public static final String DIR = "checkpoint";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private record State(int format, long iteration, long adamStep, long[] samplerState, long seed,
                         long weightsCrc32, long adamCrc32, Long methodCrc32) {
    }

    public static Path dir(Path modelDir) {
        return modelDir.resolve(DIR);
    }

    public static boolean exists(Path modelDir) {
        return Files.isRegularFile(dir(modelDir).resolve("state.json"));
    }

    public void write(Path modelDir) {
        Path d = dir(modelDir);
        Path w = d.resolve("weights.bin");
        Path a = d.resolve("adam.bin");
        WeightsFile.write(w, weights);
        WeightsFile.write(a, adamState);
        Path m = d.resolve("method.bin");
        Long methodCrc = null;
        if (methodState != null) {
            WeightsFile.write(m, methodState);
            methodCrc = WeightsFile.crc32(m);
        }
        history.write(d.resolve("loss.csv"));
        String json = GSON.toJson(new State(1, iteration, adamStep, samplerState, seed, WeightsFile.crc32(w),
                WeightsFile.crc32(a), methodCrc));
        AtomicOutput.write(d.resolve("state.json"), true, tmp -> Files.writeString(tmp, json));
    }

    public static Checkpoint read(Path modelDir) {
        Path d = dir(modelDir);
        Path s = d.resolve("state.json");
        State st;
        try {
            st = GSON.fromJson(Files.readString(s), State.class);
        } catch (NoSuchFileException e) {
            throw new CryoEtException("No checkpoint in " + d + " (nothing to resume)");
        } catch (IOException | JsonParseException e) {
            throw new CryoEtException("Cannot read checkpoint state " + s + ": " + e.getMessage(), e);
        }
        if (st == null || st.samplerState() == null) throw new CryoEtException("Checkpoint state " + s + " is incomplete");
        Path w = d.resolve("weights.bin");
        Path a = d.resolve("adam.bin");
        if (WeightsFile.crc32(w) != st.weightsCrc32() || WeightsFile.crc32(a) != st.adamCrc32()) {
            throw new CryoEtException("Checkpoint in " + d + " is inconsistent (its files do not match state.json; "
                    + "was writing interrupted?)");
        }
        Path m = d.resolve("method.bin");
        if (st.methodCrc32() != null && WeightsFile.crc32(m) != st.methodCrc32()) {
            throw new CryoEtException("Checkpoint in " + d + " is inconsistent (method.bin does not match state.json; "
                    + "was writing interrupted?)");
        }
        float[][] methodState = st.methodCrc32() == null ? null : WeightsFile.read(m);
        // without loss.csv the terms are unknown here; the trainer gives an empty history the method's terms
        LossHistory h = Files.exists(d.resolve("loss.csv")) ? LossHistory.read(d.resolve("loss.csv"))
                : new LossHistory(java.util.List.of());
        h.truncate(st.iteration());
        return new Checkpoint(st.iteration(), st.adamStep(), st.samplerState(), st.seed(), WeightsFile.read(w),
                WeightsFile.read(a), h, methodState);
    }
}
