package org.cryoet.learn;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.*;

/**
 * End-to-end parity of the symmetry and mask pieces with the reference: the ICECREAM loss for the
 * toy network f(x) = 0.8 x + 0.1 x^2 on the reference's inputs, for each of its 40 rotation tuples,
 * computed here with {@link CubeSymmetry#fromReferenceTuple} and the CPU {@link WedgeOperator}
 * filters, must equal the values the reference printed (testvectors.json).
 */
class ReferenceToyLossTest {

    private static final int C = 32;
    private static final int C3 = C * C * C;

    @Test
    void toyLossMatchesTheReferenceForAll40Tuples() throws IOException {
        float[] y1 = Npy.read(Npy.vectors("x1_B2_c32.npy")).yxzToZyx();
        float[] y2 = Npy.read(Npy.vectors("x2_B2_c32.npy")).yxzToZyx();
        String json = Files.readString(Npy.vectors("testvectors.json"));
        Matcher m = Pattern.compile("\"kset\":\\s*\\[\\s*(-?\\d+),\\s*(-?\\d+),\\s*(-?\\d+),\\s*(-?\\d+)\\s*\\],\\s*"
                + "\"total\":\\s*([-0-9.eE]+),\\s*\"obs\":\\s*([-0-9.eE]+),\\s*\"equi_weighted\":\\s*([-0-9.eE]+)").matcher(json);
        WedgeOperator pm = WedgeOperator.missingWedge(C, -60, 60);
        WedgeOperator ball = WedgeOperator.ballLowPass(C);
        float[] e1 = toy(y1);
        float[] e2 = toy(y2);
        double obs = mse(pm.apply(y2, 2), pm.apply(e1, 2)) + mse(pm.apply(y1, 2), pm.apply(e2, 2));
        int n = 0;
        while (m.find()) {
            CubeSymmetry g = CubeSymmetry.fromReferenceTuple(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
            double total = Double.parseDouble(m.group(5));
            double refObs = Double.parseDouble(m.group(6));
            double refEq = Double.parseDouble(m.group(7));
            float[] r1 = rotate(g, e1);
            float[] r2 = rotate(g, e2);
            float[] t1 = ball.apply(r1, 2);
            float[] t2 = ball.apply(r2, 2);
            float[] z1 = toy(pm.apply(r1, 2));
            float[] z2 = toy(pm.apply(r2, 2));
            WedgeOperator gm = pm.rotated(g);
            double eq = 2 * (mse(gm.apply(t2, 2), gm.apply(z1, 2)) + mse(gm.apply(t1, 2), gm.apply(z2, 2)));
            assertEquals(refObs, obs, 1e-5 * refObs, "obs " + g);
            assertEquals(refEq, eq, 1e-5 * refEq, "eq " + m.group(0));
            assertEquals(total, obs + eq, 1e-5 * total);
            n++;
        }
        assertEquals(40, n);
    }

    private static float[] toy(float[] x) {
        float[] o = new float[x.length];
        for (int i = 0; i < x.length; i++) o[i] = 0.8f * x[i] + 0.1f * x[i] * x[i];
        return o;
    }

    private static float[] rotate(CubeSymmetry g, float[] x) {
        float[] o = new float[x.length];
        for (int b = 0; b < 2; b++) g.apply(x, b * C3, o, b * C3, C);
        return o;
    }

    /**
     * The reference's mse_ri over the central box window [c/4, 3c/4)^3: squared differences of
     * the (real) filtered values divided by 2 B c^3 (its imaginary parts, ~1e-7, count as zeros).
     */
    private static double mse(float[] a, float[] b) {
        double s = 0;
        int lo = C / 4;
        int hi = C - C / 4;
        for (int k = 0; k < 2; k++)
            for (int z = lo; z < hi; z++)
                for (int y = lo; y < hi; y++)
                    for (int x = lo; x < hi; x++) {
                        int i = k * C3 + x + C * (y + C * z);
                        double d = a[i] - b[i];
                        s += d * d;
                    }
        return s / (2.0 * 2 * C3);
    }
}
