package org.cryoet.cli;

import org.cryoet.tomo.FbpOptions;
import org.cryoet.util.CryoEtException;

import picocli.CommandLine.Command;

/** STUB: replaced by the implementation of `cryoet reconstruct`. */
@Command(name = "reconstruct", mixinStandardHelpOptions = true, description = "(not implemented yet)")
public final class ReconstructCommand implements java.util.concurrent.Callable<Integer> {
    @Override
    public Integer call() {
        throw new org.cryoet.util.CryoEtException("'reconstruct' is not implemented yet");
    }

    static FbpOptions.FilterType filterType(String name) {
        switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "ramp": return FbpOptions.FilterType.RAMP;
            case "radial": return FbpOptions.FilterType.RADIAL;
            case "sirt": case "sirt-like": return FbpOptions.FilterType.SIRT_LIKE;
            default: throw new CryoEtException("Unknown filter '" + name + "' (use ramp, radial or sirt)");
        }
    }
}
