package org.cryoet.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ParallelTest {
    @Test
    void visitsEveryIndexExactlyOnce() {
        int n = 10_007;
        int[] hits = new int[n];
        Parallel.forEach(n, i -> hits[i]++);
        int[] ones = new int[n];
        java.util.Arrays.fill(ones, 1);
        assertArrayEquals(ones, hits);
    }

    @Test
    void nestedLoopsRunInlineWithoutDeadlock() {
        AtomicLong sum = new AtomicLong();
        Parallel.forEach(8, i -> Parallel.forEach(100, j -> sum.addAndGet(j)));
        assertEquals(8L * 4950, sum.get());
    }

    @Test
    void rethrowsExceptionsOfTheBody() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallel.forEach(50, i -> {
            if (i == 37) throw new IllegalStateException("item 37");
        }));
        assertEquals("item 37", e.getMessage());
    }
}
