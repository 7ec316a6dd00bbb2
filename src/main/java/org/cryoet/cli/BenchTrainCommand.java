package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet bench train`. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BenchTrainCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'bench train' is not implemented yet");
    }
}
