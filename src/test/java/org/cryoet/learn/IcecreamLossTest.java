package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The loss composition against a plain-Java double computation with simple linear stand-ins. */
class IcecreamLossTest {

    private static final int C = 4;
    private static final int N = C * C * C;

    @Test
    void matchesHandComputationWithToyOperators() {
        Random r = new Random(3);
        double[][] y1 = new double[2][N];
        double[][] y2 = new double[2][N];
        float[] f1 = new float[2 * N];
        float[] f2 = new float[2 * N];
        for (int b = 0; b < 2; b++) {
            for (int i = 0; i < N; i++) {
                y1[b][i] = r.nextGaussian();
                y2[b][i] = r.nextGaussian();
                f1[b * N + i] = (float) y1[b][i];
                f2[b * N + i] = (float) y2[b][i];
            }
        }
        double lambda = 2;
        // toy pieces: f(x) = 0.8x + 0.1x^2, P_M = 0.5x, S = 0.9x, g_0 = flip X, g_1 = swap Y<->X,
        // P_{g0 M} = 0.3x, P_{g1 M} = 0.7x
        double[] expected = expectedLoss(y1, y2, lambda);
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(f1, new Shape(2, 1, C, C, C));
            NDArray bArr = m.create(f2, new Shape(2, 1, C, C, C));
            UnaryOperator<NDArray> f = x -> x.mul(0.8f).add(x.square().mul(0.1f));
            List<UnaryOperator<NDArray>> rot = List.of(x -> x.flip(4), x -> x.transpose(0, 1, 2, 4, 3));
            List<UnaryOperator<NDArray>> rpm = List.of(x -> x.mul(0.3f), x -> x.mul(0.7f));
            IcecreamLoss.Terms t = IcecreamLoss.compute(f, a, bArr, x -> x.mul(0.5f), rot,
                    x -> IcecreamLoss.perSample(x, rpm),
                    x -> x.mul(0.9f), lambda);
            assertEquals(expected[0], t.n2n().getFloat(), 1e-6 * expected[0]);
            assertEquals(expected[1], t.equi().getFloat(), 1e-6 * expected[1]);
            assertEquals(expected[0] + lambda * expected[1], t.total().getFloat(), 1e-6 * expected[2]);
        }
    }

    /**
     * With another loss function the terms become loss(Omega P a, Omega P b) averaged over both
     * pairings: a squared-error loss under another name (so the general path runs) gives the
     * reference terms times c^3 / (c/2)^3 = 8, since it averages over the box instead of dividing
     * by 2 B c^3; the l2 loss itself keeps the reference computation.
     */
    @Test
    void anotherLossFunctionReplacesTheSquaredNormOfEachMaskedDifference() {
        Random r = new Random(4);
        float[] f1 = new float[2 * N];
        float[] f2 = new float[2 * N];
        for (int i = 0; i < f1.length; i++) {
            f1[i] = (float) r.nextGaussian();
            f2[i] = (float) r.nextGaussian();
        }
        LossFunction squaredUnderAnotherName = new LossFunction() {
            @Override
            public String name() {
                return "squared";
            }

            @Override
            public String title() {
                return "squared";
            }

            @Override
            public NDArray between(NDArray prediction, NDArray target) {
                return prediction.sub(target).square().mean();
            }
        };
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(f1, new Shape(2, 1, C, C, C));
            NDArray b = m.create(f2, new Shape(2, 1, C, C, C));
            UnaryOperator<NDArray> f = x -> x.mul(0.8f).add(x.square().mul(0.1f));
            List<UnaryOperator<NDArray>> rot = List.of(x -> x.flip(4), x -> x.transpose(0, 1, 2, 4, 3));
            List<UnaryOperator<NDArray>> rpm = List.of(x -> x.mul(0.3f), x -> x.mul(0.7f));
            UnaryOperator<NDArray> rotatedPm = x -> IcecreamLoss.perSample(x, rpm);
            IcecreamLoss.Terms ref = IcecreamLoss.compute(f, a, b, x -> x.mul(0.5f), rot, rotatedPm, x -> x.mul(0.9f), 2);
            IcecreamLoss.Terms l2 = IcecreamLoss.compute(f, a, b, x -> x.mul(0.5f), rot, rotatedPm, x -> x.mul(0.9f), 2,
                    new MeanSquaredLoss());
            IcecreamLoss.Terms other = IcecreamLoss.compute(f, a, b, x -> x.mul(0.5f), rot, rotatedPm,
                    x -> x.mul(0.9f), 2, squaredUnderAnotherName);
            assertEquals(ref.total().getFloat(), l2.total().getFloat(), 0f, "l2 is the reference computation");
            assertEquals(8 * ref.n2n().getFloat(), other.n2n().getFloat(), 1e-5 * other.n2n().getFloat());
            assertEquals(8 * ref.equi().getFloat(), other.equi().getFloat(), 1e-5 * other.equi().getFloat());
            assertEquals(other.n2n().getFloat() + 2 * other.equi().getFloat(), other.total().getFloat(),
                    1e-5 * other.total().getFloat());
        }
    }

    private static double f(double x) {
        return 0.8 * x + 0.1 * x * x;
    }

    private static int idx(int z, int y, int x) {
        return x + C * (y + C * z);
    }

    private static double[] rotate(double[] v, int b) {
        double[] out = new double[N];
        for (int z = 0; z < C; z++) for (int y = 0; y < C; y++) for (int x = 0; x < C; x++) {
            out[idx(z, y, x)] = b == 0 ? v[idx(z, y, C - 1 - x)] : v[idx(z, x, y)];
        }
        return out;
    }

    /** Sum of squares over the central box [1, 3)^3 of s * v. */
    private static double boxSq(double[] v, double s) {
        double sum = 0;
        for (int z = 1; z < 3; z++) for (int y = 1; y < 3; y++) for (int x = 1; x < 3; x++) {
            double d = s * v[idx(z, y, x)];
            sum += d * d;
        }
        return sum;
    }

    private static double[] expectedLoss(double[][] y1, double[][] y2, double lambda) {
        double norm = 2.0 * 2 * N;
        double n2n = 0;
        double equi = 0;
        double[] pgm = {0.3, 0.7};
        for (int b = 0; b < 2; b++) {
            double[] e1 = new double[N];
            double[] e2 = new double[N];
            double[] d1 = new double[N];
            double[] d2 = new double[N];
            for (int i = 0; i < N; i++) {
                e1[i] = f(y1[b][i]);
                e2[i] = f(y2[b][i]);
                d1[i] = e1[i] - y2[b][i];
                d2[i] = e2[i] - y1[b][i];
            }
            n2n += boxSq(d1, 0.5) + boxSq(d2, 0.5);
            double[] r1 = rotate(e1, b);
            double[] r2 = rotate(e2, b);
            double[] q1 = new double[N];
            double[] q2 = new double[N];
            for (int i = 0; i < N; i++) {
                double t1 = 0.9 * r1[i];
                double t2 = 0.9 * r2[i];
                double z1 = f(0.5 * r1[i]);
                double z2 = f(0.5 * r2[i]);
                q1[i] = t2 - z1;
                q2[i] = t1 - z2;
            }
            equi += boxSq(q1, pgm[b]) + boxSq(q2, pgm[b]);
        }
        n2n /= norm;
        equi /= norm;
        return new double[] {n2n, equi, n2n + lambda * equi};
    }
}
