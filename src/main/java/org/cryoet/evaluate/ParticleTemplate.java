package org.cryoet.evaluate;

import java.util.List;

import org.cryoet.tomo.Phantom;
import org.cryoet.tomo.PhantomSpec;
import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Templates of the built-in phantom's particles, rendered by the phantom code itself: one
 * particle of the requested kind alone in a cube, painted as contrast against ice (ice density 0,
 * protein density minus ice density), and averaged over many random orientations. Particles in
 * the phantom are randomly oriented, so the orientation average (a rotationally symmetric blob
 * with the particle's radial density profile) is the template that matches every copy equally;
 * no orientation search is needed.
 */
public final class ParticleTemplate {

    /** Particle kinds with a fixed shape (the others vary from copy to copy). */
    public static final List<String> KINDS = List.of("ribosome", "proteasome");

    /** Number of random orientations averaged into a template. */
    public static final int ORIENTATIONS = 48;

    private ParticleTemplate() {
    }

    /** Bounding radius in voxels of a particle kind at this voxel size. */
    public static double radius(String kind, double voxelSize) {
        PhantomSpec probe = single(kind, 8, voxelSize, 1);
        return Phantom.objects(probe).get(0).radius();
    }

    /** Cube edge (odd) that holds the particle: 2·ceil(radius) + 1. */
    public static int box(String kind, double voxelSize) {
        return 2 * (int) Math.ceil(radius(kind, voxelSize)) + 1;
    }

    /** The orientation-averaged template of a kind, a cube of edge {@link #box}. */
    public static Volume orientationAverage(String kind, double voxelSize, long seed) {
        int n = box(kind, voxelSize);
        Volume avg = null;
        for (int k = 0; k < ORIENTATIONS; k++) {
            Volume one = render(kind, n, voxelSize, seed + 7919L * k);
            if (avg == null) {
                avg = one;
            } else {
                float[] a = avg.data(), o = one.data();
                for (int i = 0; i < a.length; i++) a[i] += o[i];
            }
        }
        float[] a = avg.data();
        for (int i = 0; i < a.length; i++) a[i] /= ORIENTATIONS;
        return avg;
    }

    /** One particle of the kind, in the orientation the seed draws, centred in a cube of edge n. */
    public static Volume render(String kind, int n, double voxelSize, long seed) {
        PhantomSpec spec = single(kind, n, voxelSize, seed);
        Phantom.PhantomObject o = Phantom.objects(spec).get(0);
        double c = (n - 1) / 2.0;
        // a cube no larger than the particle's bounding sphere pins its centre to the cube's centre
        if (Math.abs(o.x() - c) > 1e-9 || Math.abs(o.y() - c) > 1e-9 || Math.abs(o.z() - c) > 1e-9) {
            throw new IllegalStateException("The " + kind + " was not centred in its " + n + "-voxel cube: " + o);
        }
        return Phantom.generate(spec);
    }

    private static PhantomSpec single(String kind, int n, double voxelSize, long seed) {
        int ribosomes = 0, proteasomes = 0;
        switch (kind) {
            case "ribosome" -> ribosomes = 1;
            case "proteasome" -> proteasomes = 1;
            default -> throw new CryoEtException("No template for particle kind '" + kind + "' (known: "
                    + String.join(", ", KINDS) + ")");
        }
        PhantomSpec.Densities d = PhantomSpec.Densities.DEFAULT;
        PhantomSpec.Densities contrast = new PhantomSpec.Densities(0, d.protein() - d.ice(), d.lipidHead() - d.ice(),
                d.lipidTail() - d.ice(), d.gold() - d.ice());
        return new PhantomSpec(n, n, n, seed, voxelSize, n - 1, 0, 0, 0, ribosomes, proteasomes, 0, 0, 100.0,
                contrast);
    }
}
