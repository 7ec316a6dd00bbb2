package org.cryoet.evaluate;

import java.util.List;

import org.cryoet.util.CryoEtException;
import org.cryoet.volume.Volume;

/**
 * Subtomogram averaging without alignment: cubes of odd edge centred on given positions are cut
 * out of a volume, each is made zero-mean, and they are averaged voxel by voxel. Positions are
 * rounded to the nearest voxel; voxels outside the volume are taken from the nearest border voxel.
 * No rotational or translational refinement is done, so the average shows how well the picks and
 * the reconstruction agree as they are.
 */
public final class SubtomogramAverage {

    private SubtomogramAverage() {
    }

    /** One zero-mean cube of edge {@code box} centred on (x, y, z). */
    public static Volume extract(Volume v, double x, double y, double z, int box) {
        if (box < 1 || box % 2 == 0) throw new CryoEtException("Subtomogram box must be odd and positive, got " + box);
        int h = box / 2;
        int cx = (int) Math.round(x), cy = (int) Math.round(y), cz = (int) Math.round(z);
        Volume out = Volume.create(box, box, box, v.calibration());
        float[] o = out.data();
        double sum = 0;
        for (int k = 0; k < box; k++) {
            int zz = clamp(cz - h + k, v.nz());
            for (int j = 0; j < box; j++) {
                int yy = clamp(cy - h + j, v.ny());
                for (int i = 0; i < box; i++) {
                    float f = v.get(clamp(cx - h + i, v.nx()), yy, zz);
                    o[i + box * (j + box * k)] = f;
                    sum += f;
                }
            }
        }
        float mean = (float) (sum / o.length);
        for (int i = 0; i < o.length; i++) o[i] -= mean;
        return out;
    }

    /** Average of the zero-mean cubes at the positions {x, y, z}. */
    public static Volume average(Volume v, List<double[]> positions, int box) {
        if (positions.isEmpty()) throw new CryoEtException("Subtomogram averaging needs at least one position");
        Volume avg = Volume.create(box, box, box, v.calibration());
        float[] a = avg.data();
        for (double[] p : positions) {
            float[] c = extract(v, p[0], p[1], p[2], box).data();
            for (int i = 0; i < a.length; i++) a[i] += c[i];
        }
        float inv = 1f / positions.size();
        for (int i = 0; i < a.length; i++) a[i] *= inv;
        return avg;
    }

    private static int clamp(int i, int n) {
        return i < 0 ? 0 : Math.min(i, n - 1);
    }
}
