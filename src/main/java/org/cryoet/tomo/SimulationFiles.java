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
    /** With a misalignment: the true alignment (IMOD .xf, raw to aligned) of tilt_series.mrc. */
    public static final String MISALIGNMENT_XF = "true_alignment.xf";
    /** With a local misalignment: the true control-point displacements of each view. */
    public static final String LOCAL_DEFORMATION = "true_local_deformation.txt";
    /** With a misalignment: the same acquisition and noise, perfectly aligned. */
    public static final String ALIGNED_TILT_SERIES = "aligned_tilt_series.mrc";

    private SimulationFiles() {
    }
}
