package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet bench predict`. */
@Command(name = "predict", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BenchPredictCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'bench predict' is not implemented yet");
    }
}
