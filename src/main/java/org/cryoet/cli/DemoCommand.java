package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet demo`. */
@Command(name = "demo", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'demo' is not implemented yet");
    }
}
