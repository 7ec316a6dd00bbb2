package org.cryoet.tomo;

import org.cryoet.util.CryoEtException;

/**
 * Parameters of a cell-like phantom (see {@link Phantom}). Sizes are in voxels, physical object
 * sizes follow from {@code voxelSize} (Angstrom per voxel), so a ribosome is about 300 A wide
 * whatever the sampling. Counts are numbers of objects in the whole volume.
 *
 * @param nx             volume width (voxels)
 * @param ny             volume height (voxels, along the tilt axis)
 * @param nz             volume depth (voxels, along the beam)
 * @param seed           random seed: the same spec always gives the same voxels
 * @param voxelSize      Angstrom per voxel (isotropic)
 * @param slabThickness  thickness of the ice layer holding the sample (voxels, at most nz), centred in z;
 *                       outside it is vacuum (density 0)
 * @param vesicles       membrane vesicles (lipid bilayer shells, spheres and ellipsoids)
 * @param actinFilaments actin-like filaments (two-stranded helices, about 7 nm thick)
 * @param microtubules   microtubule-like hollow tubes (25 nm outer diameter)
 * @param ribosomes      ribosome-like two-lobed particles (about 30 nm)
 * @param proteasomes    proteasome-like barrels (20S, some with 19S-like caps)
 * @param smallProteins  small globular proteins (clusters of 1 to 4 balls, 4 to 12 nm)
 * @param goldBeads      gold fiducials, placed near the top and bottom surfaces of the ice layer
 * @param goldDiameter   gold bead diameter (Angstrom)
 * @param densities      relative scattering densities of the materials
 */
public record PhantomSpec(int nx, int ny, int nz, long seed, double voxelSize, double slabThickness,
                          int vesicles, int actinFilaments, int microtubules, int ribosomes, int proteasomes,
                          int smallProteins, int goldBeads, double goldDiameter, Densities densities) {

    /** Default voxel size (Angstrom): a typical bin-4 to bin-6 tomogram sampling. */
    public static final double DEFAULT_VOXEL_SIZE = 10.0;

    /**
     * Relative densities (electron scattering potential relative to vitreous ice). Vacuum is 0.
     * Protein and lipid head groups are denser than ice, the bilayer's hydrocarbon core is slightly
     * less dense, gold is an order of magnitude denser than everything else.
     */
    public record Densities(double ice, double protein, double lipidHead, double lipidTail, double gold) {
        public static final Densities DEFAULT = new Densities(1.0, 1.4, 1.8, 0.9, 5.0);
    }

    public PhantomSpec {
        if (nx < 8 || ny < 8 || nz < 8) {
            throw new CryoEtException("Phantom size " + nx + "x" + ny + "x" + nz + " is too small (at least 8 per axis)");
        }
        if (!(voxelSize > 0) || !Double.isFinite(voxelSize)) {
            throw new CryoEtException("Phantom voxel size " + voxelSize + " must be positive");
        }
        if (!(slabThickness > 0) || slabThickness > nz) {
            throw new CryoEtException("Phantom slab thickness " + slabThickness + " must be in (0, " + nz + "]");
        }
        if (vesicles < 0 || actinFilaments < 0 || microtubules < 0 || ribosomes < 0 || proteasomes < 0
                || smallProteins < 0 || goldBeads < 0) {
            throw new CryoEtException("Phantom object counts must not be negative");
        }
        if (!(goldDiameter > 0)) {
            throw new CryoEtException("Gold bead diameter " + goldDiameter + " must be positive");
        }
        if (densities == null) densities = Densities.DEFAULT;
    }

    /**
     * A crowded default for the given size: the ice layer fills 3/4 of the depth and object counts
     * scale with the sample's area and volume (for 128x128x64 at 10 A: 2 vesicles, 3 actin filaments,
     * 1 microtubule, 8 ribosomes, 4 proteasomes, 31 small proteins, 1 gold bead of 10 nm).
     */
    public static PhantomSpec of(int nx, int ny, int nz, long seed) {
        return of(nx, ny, nz, seed, DEFAULT_VOXEL_SIZE);
    }

    /** As {@link #of(int, int, int, long)} with another voxel size (object sizes stay physical). */
    public static PhantomSpec of(int nx, int ny, int nz, long seed, double voxelSize) {
        double slab = Math.max(1, Math.round(0.75 * nz));
        double nm = voxelSize / 10.0;
        double area = nx * nm * ny * nm;            // nm^2
        double volume = area * slab * nm;           // nm^3
        return new PhantomSpec(nx, ny, nz, seed, voxelSize, slab,
                (int) Math.max(1, Math.round(area / 8000)),
                (int) Math.round(area / 5000),
                (int) Math.round(area / 15000),
                (int) Math.round(volume / 100_000),
                (int) Math.round(volume / 200_000),
                (int) Math.round(volume / 25_000),
                (int) Math.max(1, Math.round(area / 12000)),
                100.0, Densities.DEFAULT);
    }

    /**
     * A varied phantom without vesicles, for training data that holds the vesicle family out of
     * training so that the default phantom (which has them) tests generalisation. Drawn from
     * {@code r}: voxel size 8..14 A (apparent object sizes), object counts 0.3..2x the defaults of
     * that size, 0..2 gold beads, ice 50..90 % of the depth, protein density 1.2..1.6 and gold 3..6
     * (relative to ice). The same generator state gives the same phantom.
     */
    public static PhantomSpec withoutVesicles(int nx, int ny, int nz, java.util.SplittableRandom r) {
        double voxel = 8 + 6 * r.nextDouble();
        PhantomSpec base = of(nx, ny, nz, r.nextLong(), voxel);
        double density = 0.3 + 1.7 * r.nextDouble();
        base = base.withCounts(0, scaled(base.actinFilaments(), density, r), scaled(base.microtubules(), density, r),
                scaled(base.ribosomes(), density, r), scaled(base.proteasomes(), density, r),
                scaled(base.smallProteins(), density, r), r.nextInt(3));
        base = base.withSlabThickness(Math.max(4, Math.round((0.5 + 0.4 * r.nextDouble()) * nz)));
        return base.withDensities(new Densities(1.0, 1.2 + 0.4 * r.nextDouble(), 1.8, 0.9, 3 + 3 * r.nextDouble()));
    }

    /** count * factor, rounded up with probability equal to the fraction. */
    private static int scaled(int count, double factor, java.util.SplittableRandom r) {
        double v = count * factor;
        int base = (int) Math.floor(v);
        return base + (r.nextDouble() < v - base ? 1 : 0);
    }

    public PhantomSpec withSeed(long s) {
        return toBuilder().seed(s).build();
    }

    public PhantomSpec withSlabThickness(double t) {
        return toBuilder().slabThickness(t).build();
    }

    /** Same spec with other object counts. */
    public PhantomSpec withCounts(int vesicles, int actinFilaments, int microtubules, int ribosomes, int proteasomes,
                                  int smallProteins, int goldBeads) {
        return toBuilder().vesicles(vesicles).actinFilaments(actinFilaments).microtubules(microtubules)
                .ribosomes(ribosomes).proteasomes(proteasomes).smallProteins(smallProteins).goldBeads(goldBeads)
                .build();
    }

    public PhantomSpec withGoldDiameter(double angstrom) {
        return toBuilder().goldDiameter(angstrom).build();
    }

    public PhantomSpec withDensities(Densities d) {
        return toBuilder().densities(d).build();
    }

    /** A builder holding this spec's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some values of a spec; {@link #build()} checks them as the constructor does. */
    public static final class Builder {
        private int nx;
        private int ny;
        private int nz;
        private long seed;
        private double voxelSize;
        private double slabThickness;
        private int vesicles;
        private int actinFilaments;
        private int microtubules;
        private int ribosomes;
        private int proteasomes;
        private int smallProteins;
        private int goldBeads;
        private double goldDiameter;
        private Densities densities;

        private Builder(PhantomSpec s) {
            nx = s.nx;
            ny = s.ny;
            nz = s.nz;
            seed = s.seed;
            voxelSize = s.voxelSize;
            slabThickness = s.slabThickness;
            vesicles = s.vesicles;
            actinFilaments = s.actinFilaments;
            microtubules = s.microtubules;
            ribosomes = s.ribosomes;
            proteasomes = s.proteasomes;
            smallProteins = s.smallProteins;
            goldBeads = s.goldBeads;
            goldDiameter = s.goldDiameter;
            densities = s.densities;
        }

        public Builder nx(int v) {
            nx = v;
            return this;
        }

        public Builder ny(int v) {
            ny = v;
            return this;
        }

        public Builder nz(int v) {
            nz = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder voxelSize(double v) {
            voxelSize = v;
            return this;
        }

        public Builder slabThickness(double v) {
            slabThickness = v;
            return this;
        }

        public Builder vesicles(int v) {
            vesicles = v;
            return this;
        }

        public Builder actinFilaments(int v) {
            actinFilaments = v;
            return this;
        }

        public Builder microtubules(int v) {
            microtubules = v;
            return this;
        }

        public Builder ribosomes(int v) {
            ribosomes = v;
            return this;
        }

        public Builder proteasomes(int v) {
            proteasomes = v;
            return this;
        }

        public Builder smallProteins(int v) {
            smallProteins = v;
            return this;
        }

        public Builder goldBeads(int v) {
            goldBeads = v;
            return this;
        }

        public Builder goldDiameter(double v) {
            goldDiameter = v;
            return this;
        }

        public Builder densities(Densities v) {
            densities = v;
            return this;
        }

        public PhantomSpec build() {
            return new PhantomSpec(nx, ny, nz, seed, voxelSize, slabThickness, vesicles, actinFilaments, microtubules, ribosomes, proteasomes, smallProteins, goldBeads, goldDiameter, densities);
        }
    }
}
