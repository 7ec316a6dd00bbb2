package org.cryoet.cli;

import java.nio.file.Path;

import picocli.CommandLine.Option;

/**
 * The inputs and output of every command that turns a tilt series into a volume (reconstruct,
 * cryolithe reconstruct, icetide), declared once (picocli mixin).
 */
public final class ReconstructionInputOptions {
    @Option(names = "--tilt-series", required = true, paramLabel = "MRC",
            description = "Tilt series (MRC image stack), tilt axis along y.")
    Path tiltSeries;

    @Option(names = "--tilts", required = true, paramLabel = "TLT",
            description = "Tilt angles in degrees, one per image (.tlt).")
    Path tilts;

    @Option(names = "--thickness", required = true, paramLabel = "N",
            description = "Output thickness in voxels (after binning, where the command bins).")
    int thickness;

    @Option(names = "--out", required = true, paramLabel = "MRC", description = "Output volume (MRC).")
    Path out;

    public Path tiltSeries() {
        return tiltSeries;
    }

    public Path tilts() {
        return tilts;
    }

    public int thickness() {
        return thickness;
    }

    public Path out() {
        return out;
    }
}
