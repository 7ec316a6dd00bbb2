package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet simulate`. */
@Command(name = "simulate", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class SimulateCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'simulate' is not implemented yet");
    }
}
