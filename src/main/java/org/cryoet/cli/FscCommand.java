package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet fsc`. */
@Command(name = "fsc", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class FscCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'fsc' is not implemented yet");
    }
}
