package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet info`. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class InfoCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'info' is not implemented yet");
    }
}
