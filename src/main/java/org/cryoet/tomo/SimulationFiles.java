package org.cryoet.tomo;

/**
 * Names of the files a simulation writes into its output folder, shared by the command line
 * ({@code cryoet simulate}) and Fiji (Simulate Cryo-ET Demo Data) so both write the same layout.
 */
public final class SimulationFiles {
    public static final String GROUND_TRUTH = "ground_truth.mrc";
    public static final String TILT_SERIES = "tilt_series.mrc";
    public static final String FRAMES = "frames.mrc";
    public static final String CLEAN = "clean_tilt_series.mrc";
    public static final String TILTS = "tilts.tlt";
    public static final String ORDER = "order.txt";
    public static final String SUMMARY = "simulation.txt";

    private SimulationFiles() {
    }
}
