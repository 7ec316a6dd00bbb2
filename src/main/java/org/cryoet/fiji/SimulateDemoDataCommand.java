package org.cryoet.fiji;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import ij.ImagePlus;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.widget.FileWidget;

import org.cryoet.io.MrcWriter;
import org.cryoet.io.TiltAngles;
import org.cryoet.tomo.SimulationFiles;
import org.cryoet.tomo.AcquisitionOrder;
import org.cryoet.tomo.AcquisitionSimulator;
import org.cryoet.tomo.AcquisitionSpec;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.tomo.SimulatedAcquisition;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Plugins &gt; Cryo-ET &gt; Simulate Cryo-ET Demo Data: a seeded cell-like phantom and its simulated
 * dose-fractionated acquisition. Opens the tilt series (slices labelled with angles) and, on
 * request, the frames and the ground truth; optionally writes them all to a folder.
 */
@Plugin(type = Command.class, headless = true, menuPath = "Plugins>Cryo-ET>Simulate Cryo-ET Demo Data",
        description = "Phantom + simulated noisy tilt series with dose-fractionated frames")
public class SimulateDemoDataCommand extends CryoEtCommand {
    /** File names written into the output folder: the same as {@code cryoet simulate --out}. */
    public static final String GROUND_TRUTH = SimulationFiles.GROUND_TRUTH;
    public static final String TILT_SERIES = SimulationFiles.TILT_SERIES;
    public static final String ANGLES = SimulationFiles.TILTS;
    public static final String FRAMES = SimulationFiles.FRAMES;
    public static final String CLEAN = SimulationFiles.CLEAN;
    public static final String ORDER = SimulationFiles.ORDER;

    @Parameter(label = "Size x", min = "8")
    private int size_x = 128;

    @Parameter(label = "Size y", min = "8")
    private int size_y = 128;

    @Parameter(label = "Size z (thickness)", min = "8")
    private int size_z = 64;

    @Parameter(label = "Voxel size (A)", min = "0.1")
    private double voxel_size = PhantomSpec.DEFAULT_VOXEL_SIZE;

    @Parameter(label = "Seed")
    private long seed = 1;

    @Parameter(label = "Tilt min (deg)", min = "-90", max = "90")
    private double tilt_min = -60;

    @Parameter(label = "Tilt max (deg)", min = "-90", max = "90")
    private double tilt_max = 60;

    @Parameter(label = "Tilt step (deg)", min = "0.1")
    private double tilt_step = 3;

    @Parameter(label = "Acquisition order", choices = {"dose-symmetric", "sequential", "bidirectional"})
    private String order = "dose-symmetric";

    @Parameter(label = "Dose-symmetric group size", min = "1")
    private int group_size = 1;

    @Parameter(label = "Frames per tilt", min = "1", description = "2 or more allow the dose (frame) split")
    private int frames_per_tilt = 4;

    @Parameter(label = "SNR of the summed series (dB)")
    private double snr_db = AcquisitionSpec.DEFAULT_SNR_DB;

    @Parameter(label = "Open frames and ground truth")
    private boolean show_all = false;

    @Parameter(label = "Output folder", required = false, style = FileWidget.DIRECTORY_STYLE,
            description = "Write the files of cryoet simulate here: ground_truth.mrc, tilt_series.mrc, tilts.tlt, frames.mrc, clean_tilt_series.mrc, order.txt")
    private File output_directory;

    @Parameter(label = "Overwrite", persist = false)
    private boolean overwrite = false;

    @Parameter(type = ItemIO.OUTPUT)
    private ImagePlus tilt_series;

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus frames;

    @Parameter(type = ItemIO.OUTPUT, required = false)
    private ImagePlus ground_truth;

    private SimulatedAcquisition result;

    public AcquisitionSpec spec() {
        return AcquisitionSpec.defaults().withRange(tilt_min, tilt_max, tilt_step)
                .withOrder(AcquisitionOrder.parse(orDefault(order, "dose-symmetric")), group_size).withFrames(frames_per_tilt)
                .withSnrDb(snr_db).withSeed(seed);
    }

    public PhantomSpec phantom() {
        return PhantomSpec.of(size_x, size_y, size_z, seed, voxel_size);
    }

    @Override
    protected void execute() {
        AcquisitionSpec spec = spec();
        PhantomSpec ph = phantom();
        Path dir = output_directory != null && !output_directory.getPath().isEmpty() ? output_directory.toPath() : null;
        if (dir != null) {
            try {
                Files.createDirectories(dir);
            } catch (java.io.IOException e) {
                throw new CryoEtException("Cannot create output folder " + dir + ": " + e.getMessage(), e);
            }
            for (String n : new String[] {GROUND_TRUTH, TILT_SERIES, ANGLES, FRAMES, CLEAN, ORDER}) {
                Outputs.checkTarget(dir.resolve(n).toFile(), overwrite);
            }
        }
        try (FijiProgress p = progress("Simulate demo data")) {
            result = AcquisitionSimulator.simulate(ph, spec, p);
        }
        double[] angles = result.anglesDeg();
        if (dir != null) {
            MrcWriter.write(dir.resolve(GROUND_TRUTH), result.groundTruth(), false, overwrite);
            MrcWriter.write(dir.resolve(TILT_SERIES), result.tiltSeries(), true, overwrite);
            TiltAngles.write(dir.resolve(ANGLES), angles, overwrite);
            MrcWriter.write(dir.resolve(FRAMES), result.frames(), true, overwrite);
            MrcWriter.write(dir.resolve(CLEAN), result.clean(), true, overwrite);
            TiltAngles.write(dir.resolve(ORDER), result.anglesInAcquisitionOrder(), overwrite);
        }
        tilt_series = ImageConversion.toImagePlus(result.tiltSeries(), "tilt_series", angles);
        if (show_all) {
            frames = framesImage(result.frames(), angles, result.framesPerTilt());
            ground_truth = ImageConversion.toImagePlus(result.groundTruth(), "ground_truth");
        }
        log(String.format(java.util.Locale.ROOT, "Simulated %d tilts x %d frames, SNR %.2f dB", angles.length,
                result.framesPerTilt(), result.measuredSnrDb()));
    }

    /** Frames with labels "frame k angle": the angle ends the label, so frames carry their tilt angle. */
    public static ImagePlus framesImage(Volume frames, double[] angles, int perTilt) {
        double[] perFrame = new double[frames.nz()];
        for (int i = 0; i < perFrame.length; i++) perFrame[i] = angles[i / perTilt];
        ImagePlus imp = ImageConversion.toImagePlus(frames, "frames", perFrame);
        for (int i = 0; i < perFrame.length; i++) {
            imp.getStack().setSliceLabel("frame " + (i % perTilt + 1) + " " + ImageConversion.angleLabel(perFrame[i]), i + 1);
        }
        return imp;
    }

    public SimulatedAcquisition result() {
        return result;
    }
}
