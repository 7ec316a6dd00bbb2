package org.cryoet.cli;

import org.cryoet.util.CryoEtException;
import org.cryoet.workflow.DemoOptions;

import picocli.CommandLine.Option;

/**
 * The built-in phantom and its simulated acquisition, as {@code demo} and {@code compare} take
 * them (picocli mixin, declared once).
 */
public final class SimulationOptions {
    private static final DemoOptions D = DemoOptions.defaults();

    @Option(names = "--size", split = ",", paramLabel = "X,Y,Z", description = "Phantom size X,Y,Z (default: 96,96,48).")
    int[] size = {D.nx(), D.ny(), D.nz()};

    @Option(names = "--tilt-range", split = ",", paramLabel = "MIN,MAX",
            description = "Tilt range MIN,MAX in degrees (default: -60,60).")
    double[] tiltRange = {D.tiltMin(), D.tiltMax()};

    @Option(names = "--tilt-step", description = "Tilt step in degrees (default: 3).")
    double tiltStep = D.tiltStep();

    @Option(names = "--frames", description = "Frames per tilt (default: 4).")
    int frames = D.frames();

    @Option(names = "--snr-db", description = "SNR of the summed tilt series in dB (default: -5).")
    double snrDb = D.snrDb();

    @Option(names = "--seed", description = "Seed of phantom, noise and training (default: 1).")
    long seed = D.seed();

    /** Checks the list-valued options. */
    void check() {
        if (size.length != 3) throw new CryoEtException("--size needs X,Y,Z, got " + size.length + " values");
        if (tiltRange.length != 2) throw new CryoEtException("--tilt-range needs MIN,MAX, got " + tiltRange.length
                + " values");
    }

    int nx() {
        return size[0];
    }

    int ny() {
        return size[1];
    }

    int nz() {
        return size[2];
    }

    double tiltMin() {
        return tiltRange[0];
    }

    double tiltMax() {
        return tiltRange[1];
    }
}
