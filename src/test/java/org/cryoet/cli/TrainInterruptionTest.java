package org.cryoet.cli;

import org.cryoet.io.MrcWriter;
import org.cryoet.learn.Checkpoint;
import org.cryoet.learn.IcecreamModel;
import org.cryoet.learn.LossHistory;
import org.cryoet.volume.Calibration;
import org.cryoet.volume.Volume;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Nothing is lost when a real training process dies: killed with SIGKILL after its first
 * checkpoint, or stopped with SIGTERM (what Ctrl-C does: the shutdown hook writes a checkpoint),
 * `train --resume` reaches the same final iteration with a loss history without gaps or repeats,
 * and (SIGKILL case) the final weights are bit-identical to an uninterrupted run on the CPU.
 */
@Tag("slow")
class TrainInterruptionTest {

    private static final int ITERATIONS = 16;

    @TempDir
    static Path shared;

    private static Path even;
    private static Path odd;
    private static Path reference;

    @BeforeAll
    static void data() {
        even = volume(shared.resolve("even.mrc"), 1);
        odd = volume(shared.resolve("odd.mrc"), 2);
        reference = shared.resolve("reference");
        assertEquals(0, inProcess(args(reference)), "uninterrupted run");
    }

    private static Path volume(Path p, long seed) {
        Random r = new Random(seed);
        float[] d = new float[20 * 20 * 20];
        for (int i = 0; i < d.length; i++) d[i] = (float) (Math.sin(i * 0.05) + r.nextGaussian());
        MrcWriter.write(p, Volume.wrap(d, 20, 20, 20, Calibration.isotropic(10)));
        return p;
    }

    private static String[] args(Path model, String... extra) {
        List<String> a = new java.util.ArrayList<>(List.of("train", "--even", even.toString(), "--odd", odd.toString(),
                "--tilt-range", "-50,60", "--model-dir", model.toString(), "--crop", "8", "--depth", "2",
                "--channels", "4", "--batch", "2", "--iterations", String.valueOf(ITERATIONS), "--seed", "5",
                "--checkpoint-every", "2", "--progress-every", "0", "--device", "cpu"));
        a.addAll(List.of(extra));
        return a.toArray(new String[0]);
    }

    private static int inProcess(String... args) {
        StringWriter err = new StringWriter();
        int code = CryoEtCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
        if (code != 0) System.err.println("cryoet " + String.join(" ", args) + " -> " + code + ": " + err);
        return code;
    }

    /** Starts training in a separate JVM and waits for its first checkpoint. */
    private static Process startAndAwaitCheckpoint(Path model) throws Exception {
        Process p = CliProcess.start(model.resolveSibling(model.getFileName() + "-logs"), List.of("-Xmx256m"),
                args(model));
        Path state = Checkpoint.dir(model).resolve("state.json");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(state)) {
            assertTrue(p.isAlive(), "training ended before its first checkpoint");
            assertTrue(System.nanoTime() < deadline, "no checkpoint within 60 s");
            Thread.sleep(5);
        }
        return p;
    }

    private static LossHistory history(Path model) {
        return LossHistory.read(model.resolve("loss.csv"));
    }

    private static void assertCompleteHistory(Path model) {
        List<Long> its = history(model).entries().stream().map(LossHistory.Entry::iteration).toList();
        assertEquals(LongStream.rangeClosed(1, ITERATIONS).boxed().toList(), its, "one entry per iteration, in order");
        try (IcecreamModel m = IcecreamModel.load(model)) {
            assertEquals(ITERATIONS, m.info().iterations());
        }
    }

    @Test
    void sigkillAfterACheckpointThenResumeEqualsTheUninterruptedRun(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Process p = startAndAwaitCheckpoint(model);
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), "killed by SIGKILL");
        long reached = Checkpoint.read(model).iteration();
        assertTrue(reached > 0 && reached < ITERATIONS, "killed mid-run, checkpoint at " + reached);

        assertEquals(0, inProcess(args(model, "--resume")));
        assertCompleteHistory(model);
        List<LossHistory.Entry> ref = history(reference).entries();
        List<LossHistory.Entry> got = history(model).entries();
        for (int i = 0; i < ITERATIONS; i++) {
            assertEquals(ref.get(i).loss(), got.get(i).loss(), 0.0, "loss at iteration " + (i + 1));
        }
        assertArrayEquals(Files.readAllBytes(reference.resolve(IcecreamModel.WEIGHTS)),
                Files.readAllBytes(model.resolve(IcecreamModel.WEIGHTS)), "final weights bit-exact");
    }

    @Test
    void sigtermLeavesAUsableCheckpointAndResumeFinishes(@TempDir Path dir) throws Exception {
        Path model = dir.resolve("model");
        Process p = startAndAwaitCheckpoint(model);
        p.destroy();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String err = CliProcess.read(dir.resolve("model-logs").resolve("stderr.txt"));
        Checkpoint c = Checkpoint.read(model);
        if (c.iteration() < ITERATIONS) {
            // stopped mid-run: the hook said so and the checkpoint is the last finished iteration
            assertTrue(err.contains("interrupted"), err);
            assertEquals(c.iteration(), c.history().last().iteration(), "checkpoint holds the losses up to it");
            try (IcecreamModel m = IcecreamModel.load(model)) {
                assertEquals(c.iteration(), m.info().iterations(), "the saved model is the checkpoint's");
            }
        }
        assertEquals(0, inProcess(args(model, "--resume")));
        assertCompleteHistory(model);
    }
}
