package org.cryoet.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class CompareCommandTest {

    private static String fail(String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = CryoEtCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        assertNotEquals(0, cl.execute(args));
        return err.toString();
    }

    @Test
    void unknownMethodIsRefusedBeforeAnyWorkWithTheKnownNames(@TempDir Path dir) {
        String err = fail("compare", "--out", dir.resolve("c").toString(), "--methods", "icecream,nosuch");
        assertTrue(err.contains("nosuch") && err.contains("icecream"), err);
        assertFalse(Files.exists(dir.resolve("c").resolve("report.md")));
    }

    @Test
    void unknownParticleKindAndBadSizesAreNamed(@TempDir Path dir) {
        String err = fail("compare", "--out", dir.toString(), "--particle", "virus");
        assertTrue(err.contains("virus") && err.contains("ribosome"), err);
        err = fail("compare", "--out", dir.toString(), "--size", "96,96");
        assertTrue(err.contains("--size"), err);
        err = fail("compare", "--out", dir.toString(), "--preset", "huge");
        assertTrue(err.contains("huge"), err);
    }
}
