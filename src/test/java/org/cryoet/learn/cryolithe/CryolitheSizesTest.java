package org.cryoet.learn.cryolithe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import org.cryoet.cli.CryoEtCli;
import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** The named network sizes: ordered costs, the shipped size, and the command-line option that picks one. */
class CryolitheSizesTest {
    @TempDir
    Path dir;

    @Test
    void sizesGrowInCostAndTheShippedModelsHaveTheCpuSize() {
        long previous = 0;
        for (String name : CryolitheConfig.SIZES) {
            CryolitheConfig c = CryolitheConfig.sized(name, true);
            long macs = c.macsPerPoint(41);
            assertTrue(macs > previous, name + " costs " + macs + " MAC, not more than the size before it");
            previous = macs;
            assertEquals(1, CryolitheConfig.sized(name, false).outputs());
            assertEquals(8, c.outputs());
        }
        assertEquals(CryolitheConfig.cpuDefault(true), CryolitheConfig.sized("cpu", true));
        assertEquals(CryolitheConfig.sized("cpu", true), CryolitheModel.builtIn(false).config());
        assertEquals(CryolitheConfig.sized("cpu", false), CryolitheModel.builtIn(true).config());
        // the paper's widths: 21 x 21 patches, 64 / 128 / 32, 5 x 512
        CryolitheConfig paper = CryolitheConfig.sized("paper", true);
        assertEquals(21, paper.patch());
        assertEquals(512, paper.combineWidth());
        assertEquals(5, paper.combineDepth());
        CryoEtException e = assertThrows(CryoEtException.class, () -> CryolitheConfig.sized("huge", true));
        assertTrue(e.getMessage().contains("huge") && e.getMessage().contains("small, cpu, large, paper"), e.getMessage());
    }

    @Test
    void trainRecordsTheChosenSizeAndUntrainedModelsHaveIt() {
        Path out = dir.resolve("m");
        CommandLine cl = CryoEtCli.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("cryolithe", "train", "--out", out.toString(), "--network-size", "small", "--iterations", "2",
                "--points", "16", "--pool", "1");
        assertEquals(0, code, err.toString());
        assertEquals(CryolitheConfig.sized("small", true), CryolitheModel.load(out).config());
        assertEquals(2, CryolitheModel.load(out).info().iterations());

        CryolitheModel untrained = CryolitheModel.untrained(CryolitheConfig.sized("large", false), 3);
        assertEquals(CryolitheConfig.sized("large", false), untrained.config());
        long n = 0;
        for (float[] w : untrained.weights()) n += w.length;
        assertEquals(139_073 - 7 * 128, n, "weights of the large pixel network");
    }
}
