package org.cryoet.cli;

import org.cryoet.util.CryoEtException;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of the {@code ./cryoet} command line. Every subcommand is a thin shell over a
 * library call; expected failures ({@link CryoEtException}) print one line and exit 2.
 */
@Command(name = "cryoet", mixinStandardHelpOptions = true, version = "cryoet 0.1.0",
        description = "Cryo-ET tilt series to clean, isotropic tomograms (ICECREAM).",
        subcommands = {
                InfoCommand.class, ConvertCommand.class, SimulateCommand.class, SplitCommand.class,
                ReconstructCommand.class, IcetideCommand.class, MaskCommand.class, FscCommand.class, TrainCommand.class,
                PredictCommand.class, CryolitheCommand.class, DemoCommand.class, CompareCommand.class, BatchCommand.class,
                BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class CryoEtCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** Builds the configured picocli command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new CryoEtCli());
        cl.setExecutionExceptionHandler((ex, line, parseResult) -> {
            Throwable t = ex;
            while (!(t instanceof CryoEtException) && t.getCause() != null && t.getCause() != t) {
                t = t.getCause();
            }
            if (t instanceof CryoEtException) {
                line.getErr().println("error: " + t.getMessage());
                return 2;
            }
            for (Throwable c = ex; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof OutOfMemoryError) {
                    line.getErr().println(outOfMemory());
                    return 2;
                }
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        int code;
        try {
            code = commandLine().execute(args);
        } catch (OutOfMemoryError e) {
            System.err.println(outOfMemory());
            code = 2;
        }
        if (Boolean.getBoolean("cryoet.reportMemory")) {
            reportMemory();
        }
        System.exit(code);
    }

    /** The one line shown when the Java heap is exhausted (the heap limit is a JVM option, not ours). */
    static String outOfMemory() {
        return String.format(java.util.Locale.ROOT, "error: out of Java heap memory (limit %.0f MiB); give more with "
                + "CRYOET_JAVA_OPTS=-Xmx<size>, e.g. -Xmx8g", Runtime.getRuntime().maxMemory() / 1048576.0);
    }

    /**
     * Prints the peak Java heap (sum of the heap pools' peaks; an upper bound of the peak total,
     * since pools peak at different times) and the peak resident set size, for memory benchmarks.
     */
    static void reportMemory() {
        long heap = 0;
        for (java.lang.management.MemoryPoolMXBean pool : java.lang.management.ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == java.lang.management.MemoryType.HEAP) {
                heap += pool.getPeakUsage().getUsed();
            }
        }
        String rss = "?";
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    rss = line.substring(6).trim();
                }
            }
        } catch (java.io.IOException | RuntimeException ignored) {
            // not Linux: the heap figure alone
        }
        System.err.printf(java.util.Locale.ROOT, "memory: peak heap %.1f MiB (max %.0f MiB), peak RSS %s%n",
                heap / 1048576.0, Runtime.getRuntime().maxMemory() / 1048576.0, rss);
    }
}
