package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet mask`. */
@Command(name = "mask", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class MaskCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'mask' is not implemented yet");
    }
}
