package org.cryoet.cli;

import ai.djl.Device;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.MethodSpec;
import org.cryoet.learn.ModelInfo;
import org.cryoet.learn.UNet3d;
import org.cryoet.learn.UNetConfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code CryoEtCli} in a separate JVM with the test classpath, as a user's {@code ./cryoet}
 * would: for tests that need a heap limit, a real process to kill, or a real exit status.
 */
final class CliProcess {

    /** Exit status and the two output streams. */
    record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private CliProcess() {
    }

    /** Starts {@code cryoet args...} with the given JVM options; stdout and stderr go to files in {@code logs}. */
    static Process start(Path logs, List<String> jvmOptions, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmOptions);
        cmd.add("-Dai.djl.offline=true");
        cmd.add("-DOPT_OUT_TRACKING=true");
        cmd.add("-Djava.awt.headless=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CryoEtCli.class.getName());
        cmd.addAll(List.of(args));
        Files.createDirectories(logs);
        return new ProcessBuilder(cmd).redirectOutput(logs.resolve("stdout.txt").toFile())
                .redirectError(logs.resolve("stderr.txt").toFile()).start();
    }

    /** Runs to completion (at most {@code timeoutSeconds}) and returns the status and outputs. */
    static Result run(Path logs, long timeoutSeconds, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        Process p = start(logs, jvmOptions, args);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            throw new AssertionError("cryoet " + String.join(" ", args) + " did not finish in " + timeoutSeconds
                    + " s\n" + read(logs.resolve("stderr.txt")));
        }
        return new Result(p.exitValue(), read(logs.resolve("stdout.txt")), read(logs.resolve("stderr.txt")));
    }

    static String read(Path file) throws IOException {
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    /** Saves a randomly initialised ICECREAM model (weights do not matter for memory or plumbing tests). */
    static Path saveTinyModel(Path dir, int depth, int channels, int crop, double tiltMin, double tiltMax) {
        ModelInfo info = new ModelInfo(ModelInfo.FORMAT, MethodSpec.defaults("icecream"), new UNetConfig(depth, channels),
                ModelInfo.NORMALIZATION, tiltMin, tiltMax, crop, 1, 0, 1e-4, 1, "test", List.of(), 0, ModelInfo.SOFTWARE,
                "");
        try (IcecreamModel m = IcecreamModel.create(info, UNet3d.Init.HE_NORMAL, 7, Device.cpu())) {
            m.save(dir);
        }
        return dir;
    }
}
