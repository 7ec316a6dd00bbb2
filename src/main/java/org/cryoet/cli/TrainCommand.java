package org.cryoet.cli;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet train`. */
@Command(name = "train", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class TrainCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'train' is not implemented yet");
    }
}
