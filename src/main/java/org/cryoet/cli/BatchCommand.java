package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet batch`. */
@Command(name = "batch", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class BatchCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'batch' is not implemented yet");
    }
}
