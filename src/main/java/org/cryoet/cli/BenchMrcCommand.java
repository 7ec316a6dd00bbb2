package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet bench mrc`. */
@Command(name = "mrc", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BenchMrcCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'bench mrc' is not implemented yet");
    }
}
