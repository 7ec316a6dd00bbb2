package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet split`. */
@Command(name = "split", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class SplitCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'split' is not implemented yet");
    }
}
