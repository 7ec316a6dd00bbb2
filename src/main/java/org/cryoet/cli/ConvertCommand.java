package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet convert`. */
@Command(name = "convert", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class ConvertCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'convert' is not implemented yet");
    }
}
