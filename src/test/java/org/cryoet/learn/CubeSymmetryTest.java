package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.*;

class CubeSymmetryTest {

    @Test
    void groupHas48DistinctElementsWith24Rotations() {
        List<CubeSymmetry> all = CubeSymmetry.all();
        assertEquals(48, all.size());
        assertEquals(48, new HashSet<>(all).size());
        assertEquals(24, all.stream().filter(CubeSymmetry::isProper).count());
        assertTrue(all.get(0).isIdentity());
        for (CubeSymmetry g : all) {
            int[][] m = g.matrix();
            int det = m[0][0] * (m[1][1] * m[2][2] - m[1][2] * m[2][1])
                    - m[0][1] * (m[1][0] * m[2][2] - m[1][2] * m[2][0])
                    + m[0][2] * (m[1][0] * m[2][1] - m[1][1] * m[2][0]);
            assertEquals(g.isProper() ? 1 : -1, det, g.name());
        }
    }

    @Test
    void closureInversesAndMatrixProducts() {
        Set<CubeSymmetry> all = new HashSet<>(CubeSymmetry.all());
        for (CubeSymmetry a : CubeSymmetry.all()) {
            assertTrue(a.compose(a.inverse()).isIdentity(), a.name());
            assertTrue(a.inverse().compose(a).isIdentity(), a.name());
            for (CubeSymmetry b : CubeSymmetry.all()) {
                CubeSymmetry ab = a.compose(b);
                assertTrue(all.contains(ab));
                int[][] ma = a.matrix();
                int[][] mb = b.matrix();
                int[][] p = new int[3][3];
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++)
                        for (int k = 0; k < 3; k++) p[i][j] += ma[i][k] * mb[k][j];
                assertArrayEquals(p, ab.matrix());
            }
        }
    }

    @Test
    void wedgeMovingSetIs40ElementsHalfProper() {
        List<CubeSymmetry> moving = CubeSymmetry.wedgeMoving();
        assertEquals(40, moving.size());
        assertEquals(20, moving.stream().filter(CubeSymmetry::isProper).count());
        for (CubeSymmetry g : CubeSymmetry.all()) {
            assertEquals(!g.isDiagonal(), moving.contains(g));
        }
    }

    @Test
    void floatApplicationIsExactPermutationMatchingTheMatrix() {
        int n = 5;
        float[] src = new float[n * n * n];
        for (int i = 0; i < src.length; i++) src[i] = i;
        float[] dst = new float[src.length];
        float[] back = new float[src.length];
        double c = (n - 1) / 2.0;
        for (CubeSymmetry g : CubeSymmetry.all()) {
            g.apply(src, dst, n);
            float[] sorted = dst.clone();
            Arrays.sort(sorted);
            assertArrayEquals(src, sorted, g.name()); // a permutation of the values
            int[][] m = g.matrix();
            for (int z = 0; z < n; z++)
                for (int y = 0; y < n; y++)
                    for (int x = 0; x < n; x++) {
                        double[] p = {x - c, y - c, z - c};
                        int[] q = new int[3];
                        for (int i = 0; i < 3; i++) {
                            q[i] = (int) Math.round(m[i][0] * p[0] + m[i][1] * p[1] + m[i][2] * p[2] + c);
                        }
                        assertEquals(src[x + n * (y + n * z)], dst[q[0] + n * (q[1] + n * q[2])], g.name());
                    }
            // centre maps to itself
            int centre = (n / 2) * (1 + n + n * n);
            assertEquals(src[centre], dst[centre]);
            g.inverse().apply(dst, back, n);
            assertArrayEquals(src, back);
        }
    }

    @Test
    void ndArrayApplicationEqualsFloatApplication() {
        int n = 4;
        int b = 2;
        float[] src = new float[b * n * n * n];
        for (int i = 0; i < src.length; i++) src[i] = (float) Math.sin(0.37 * i) + i * 1e-3f;
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(src, new Shape(b, 1, n, n, n));
            float[] expected = new float[src.length];
            for (CubeSymmetry g : CubeSymmetry.all()) {
                for (int s = 0; s < b; s++) g.apply(src, s * n * n * n, expected, s * n * n * n, n);
                NDArray y = g.apply(x);
                assertEquals(x.getShape(), y.getShape());
                assertArrayEquals(expected, y.toFloatArray(), g.name());
            }
        }
    }

    @Test
    void referenceTuplesGiveTheDocumentedMatricesAnd35DistinctWedgeMovingTransforms() {
        // rows of M in the reference's (y, x, z) coordinates, from the reference's own table
        assertRefMatrix(new int[][]{{0, -1, 0}, {1, 0, 0}, {0, 0, 1}}, 0, 0, 1, -1);
        assertRefMatrix(new int[][]{{1, 0, 0}, {0, 0, -1}, {0, 1, 0}}, 1, 0, 0, -1);
        assertRefMatrix(new int[][]{{0, 0, -1}, {0, 1, 0}, {1, 0, 0}}, 0, 1, 0, -1);
        assertRefMatrix(new int[][]{{0, -1, 0}, {0, 0, -1}, {-1, 0, 0}}, 0, 1, 1, 2);
        assertRefMatrix(new int[][]{{-1, 0, 0}, {0, 0, -1}, {0, 1, 0}}, 1, 0, 0, 0);
        assertRefMatrix(new int[][]{{0, 0, -1}, {1, 0, 0}, {0, -1, 0}}, 1, 2, 3, -1);
        List<CubeSymmetry> ref = CubeSymmetry.referenceList();
        assertEquals(40, ref.size());
        assertEquals(35, new HashSet<>(ref).size());
        assertEquals(20, new HashSet<>(ref.stream().filter(CubeSymmetry::isProper).toList()).size());
        assertTrue(CubeSymmetry.wedgeMoving().containsAll(ref));
        assertEquals(CubeSymmetry.fromReferenceTuple(0, 0, 1, 0), CubeSymmetry.fromReferenceTuple(0, 0, 3, 1));
        assertEquals(CubeSymmetry.fromReferenceTuple(1, 0, 1, 0), CubeSymmetry.fromReferenceTuple(1, 0, 3, 1));
    }

    private static void assertRefMatrix(int[][] refM, int kx, int ky, int kz, int a) {
        int[][] m = CubeSymmetry.fromReferenceTuple(kx, ky, kz, a).matrix();
        // our (x, y, z) = reference (r1, r0, r2)
        int[] map = {1, 0, 2};
        int[][] asRef = new int[3][3];
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++) asRef[map[i]][map[j]] = m[i][j];
        assertArrayEquals(refM, asRef, Arrays.toString(new int[]{kx, ky, kz, a}));
    }
}
