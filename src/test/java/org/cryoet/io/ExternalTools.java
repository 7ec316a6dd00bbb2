package org.cryoet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Locates CCP-EM mrcfile (Debian python3-mrcfile) for the interoperability tests. Missing tools
 * make the tests FAIL (CI installs them): install with apt-get install -y python3-mrcfile.
 */
final class ExternalTools {
    /** Output and exit code of a finished process. */
    record Result(int exitCode, String output) {
    }

    private static String python;

    private ExternalTools() {
    }

    /** A python3 that can import mrcfile and numpy (Debian's first: pyenv shims may lack them). */
    static synchronized String python() {
        if (python != null) return python;
        List<String> candidates = new ArrayList<>(List.of("/usr/bin/python3", "python3"));
        for (String c : candidates) {
            try {
                Result r = run(List.of(c, "-c", "import mrcfile, numpy; print(mrcfile.__version__)"), null);
                if (r.exitCode() == 0) {
                    python = c;
                    return c;
                }
            } catch (IOException e) {
                // try the next candidate
            }
        }
        fail("python3 with mrcfile and numpy is required for this test: apt-get update && apt-get install -y "
                + "python3-mrcfile");
        return null;
    }

    /** Path of mrcfile-validate; fails the test when it is not installed. */
    static String validator() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, "mrcfile-validate");
            if (Files.isExecutable(p)) return p.toString();
        }
        if (Files.isExecutable(Path.of("/usr/bin/mrcfile-validate"))) return "/usr/bin/mrcfile-validate";
        fail("mrcfile-validate is required for this test: apt-get update && apt-get install -y python3-mrcfile");
        return null;
    }

    /** Runs a python script (given as text) with arguments; returns its output. */
    static Result pythonScript(String script, List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(python(), "-c", script));
        cmd.addAll(args);
        return run(cmd, null);
    }

    static Result run(List<String> cmd, Path dir) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (dir != null) pb.directory(dir.toFile());
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("timeout running " + cmd);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static void assertSuccess(Result r, String what) {
        assertEquals(0, r.exitCode(), what + " failed:\n" + r.output());
    }
}
