package org.cryoet.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code cryoet bench ...}: benchmarks that print their configuration and measured figures. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks (FBP, training iteration, prediction, MRC I/O).",
        subcommands = {BenchFbpCommand.class, BenchTrainCommand.class, BenchPredictCommand.class,
                BenchMrcCommand.class, BenchCryolitheCommand.class})
public final class BenchCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
