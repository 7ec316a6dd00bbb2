package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet bench fbp`. */
@Command(name = "fbp", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BenchFbpCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'bench fbp' is not implemented yet");
    }
}
