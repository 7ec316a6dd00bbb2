package org.cryoet.volume;

/**
 * Physical calibration of a volume or image stack: voxel size in Angstrom along x, y, z and the
 * MRC origin (Angstrom, MRC2014 ORIGIN words). Carried from every input to every output.
 */
public record Calibration(double voxelX, double voxelY, double voxelZ,
                          double originX, double originY, double originZ) {

    /** Unit voxel size and zero origin, for synthetic data without a physical scale. */
    public static final Calibration UNIT = new Calibration(1, 1, 1, 0, 0, 0);

    /** Isotropic voxel size with zero origin. */
    public static Calibration isotropic(double voxel) {
        return new Calibration(voxel, voxel, voxel, 0, 0, 0);
    }

    /** Same origin, voxel size multiplied by {@code factor} along every axis (binning). */
    public Calibration binned(int factor) {
        return new Calibration(voxelX * factor, voxelY * factor, voxelZ * factor, originX, originY, originZ);
    }

    /** Same calibration with another z voxel size (e.g. a reconstruction from a tilt series). */
    public Calibration withVoxelZ(double z) {
        return new Calibration(voxelX, voxelY, z, originX, originY, originZ);
    }
}
