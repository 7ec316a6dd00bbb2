package org.cryoet.io;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

import org.cryoet.util.CryoEtException;
import org.cryoet.util.Parallel;
import org.cryoet.volume.Volume;

/**
 * Checks on input data that commands apply before working, each failing with one clear
 * {@link CryoEtException} naming the file and the problem.
 */
public final class InputChecks {
    private InputChecks() {
    }

    /** Fails with "file X contains N NaN/Inf voxels" if any voxel is not finite. */
    public static void requireFinite(Volume v, Path file) {
        long bad = countNonFinite(v);
        if (bad > 0) {
            throw new CryoEtException("File " + file + " contains " + bad + " NaN/Inf voxel" + (bad == 1 ? "" : "s")
                    + " (of " + v.size() + "); clean it before using it");
        }
    }

    /** Number of NaN or infinite voxels (counted in parallel). */
    public static long countNonFinite(Volume v) {
        float[] d = v.data();
        int plane = v.nx() * v.ny();
        AtomicLong bad = new AtomicLong();
        Parallel.forEach(v.nz(), z -> {
            long n = 0;
            for (int i = z * plane, e = i + plane; i < e; i++) {
                if (!Float.isFinite(d[i])) n++;
            }
            if (n > 0) bad.addAndGet(n);
        });
        return bad.get();
    }

    /**
     * Fails if all finite voxels hold the same value (zero variance, e.g. an all-zero volume): such
     * data cannot be normalised for training or compared.
     */
    public static void requireNonConstant(Volume v, Path file) {
        float[] d = v.data();
        float first = Float.NaN;
        for (float x : d) {
            if (Float.isFinite(x)) {
                first = x;
                break;
            }
        }
        if (first != first) {
            throw new CryoEtException("File " + file + " has no finite voxels (zero variance); it cannot be used");
        }
        for (float x : d) {
            if (Float.isFinite(x) && x != first) return;
        }
        throw new CryoEtException("File " + file + " has zero variance (every voxel is " + first
                + "); it cannot be used as training or comparison input");
    }

    /** Fails unless the two volumes have the same dimensions. */
    public static void requireSameShape(Volume a, Path fileA, Volume b, Path fileB) {
        if (!a.sameShape(b)) {
            throw new CryoEtException("File " + fileA + " is " + a.nx() + " x " + a.ny() + " x " + a.nz()
                    + " but file " + fileB + " is " + b.nx() + " x " + b.ny() + " x " + b.nz()
                    + "; they must have the same size");
        }
    }
}
