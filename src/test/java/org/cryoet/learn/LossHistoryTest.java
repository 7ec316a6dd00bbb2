package org.cryoet.learn;

import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** loss.csv: columns from the method's term names; older files (with or without memory columns) read by header. */
class LossHistoryTest {

    @Test
    void headerComesFromTheTermNamesAndValuesRoundTripExactly(@TempDir Path dir) {
        LossHistory h = new LossHistory(List.of("first", "second_part", "third"));
        h.add(new LossHistory.Entry(1, 0.1f, Map.of("first", (double) 0.07f, "second_part", (double) 0.02f,
                "third", (double) 0.01f), 0.1f, 1.5, 300, Double.NaN));
        Path f = dir.resolve("loss.csv");
        h.write(f);
        LossHistory back = LossHistory.read(f);
        assertEquals("iteration,loss,first,second_part,third,smoothed,seconds,resident_mib,device_mib",
                back.header());
        assertEquals(List.of("first", "second_part", "third"), back.termNames());
        // in the file's column order, each value the float it was
        assertEquals(List.of("first", "second_part", "third"), List.copyOf(back.entries().get(0).terms().keySet()));
        for (String t : back.termNames()) {
            assertEquals((float) h.entries().get(0).term(t), (float) back.entries().get(0).term(t), t);
        }
        assertEquals(300, back.entries().get(0).residentMib());
        assertTrue(Double.isNaN(back.entries().get(0).deviceMib()));
    }

    @Test
    void readsTheIcecreamFilesOfEarlierBuilds(@TempDir Path dir) throws Exception {
        LossHistory recorded = LossHistory.read(RecordedTrainingTest.RECORDED.resolve("loss.csv"));
        assertEquals(List.of("n2n", "equi"), recorded.termNames());
        assertEquals(5, recorded.entries().size());
        assertEquals(0.121150434, recorded.entries().get(0).term("n2n"));
        assertEquals(220.0, recorded.entries().get(0).residentMib());

        Path withoutMemory = dir.resolve("old.csv");
        Files.writeString(withoutMemory, "iteration,loss,n2n,equi,smoothed,seconds\n1,0.5,0.3,0.1,0.5,2.000\n");
        LossHistory.Entry e = LossHistory.read(withoutMemory).entries().get(0);
        assertEquals(0.1, e.term("equi"));
        assertEquals(2.0, e.seconds());
        assertTrue(Double.isNaN(e.residentMib()));
    }

    @Test
    void refusesFilesThatAreNotLossHistoriesAndTermsThatShadowColumns(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("x.csv");
        Files.writeString(f, "a,b,c\n1,2,3\n");
        assertThrows(CryoEtException.class, () -> LossHistory.read(f));
        Files.writeString(f, "iteration,loss,n2n,smoothed,seconds\n1,0.5,0.3,0.5\n");
        assertThrows(CryoEtException.class, () -> LossHistory.read(f), "a row with too few fields");
        assertThrows(IllegalArgumentException.class, () -> new LossHistory(List.of("smoothed")));
    }
}
