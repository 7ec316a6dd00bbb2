package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet reconstruct`. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class ReconstructCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'reconstruct' is not implemented yet");
    }
}
