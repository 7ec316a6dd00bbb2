package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.fail;

import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * Finds a display for the GUI tests before AWT starts: the DISPLAY the JVM was given (surefire
 * sets it; :97 when the build environment has none) must answer; if its X socket is absent and
 * Xvfb is installed, Xvfb is started on it. No display and no Xvfb is a failure, never a skip.
 */
final class GuiTestSupport {
    private static Process xvfb;

    private GuiTestSupport() {
    }

    static synchronized void ensureDisplay() {
        String display = System.getenv("DISPLAY");
        if (display == null || display.isEmpty()) {
            fail("GUI tests need DISPLAY: run them through Maven (the gui-tests execution sets it) or export DISPLAY");
        }
        if (Boolean.getBoolean("java.awt.headless")) {
            fail("GUI tests run with -Djava.awt.headless=true; they belong in the gui-tests surefire execution");
        }
        String num = display.replaceAll("^.*:(\\d+)(\\.\\d+)?$", "$1");
        Path socket = Path.of("/tmp/.X11-unix/X" + num);
        boolean local = display.startsWith(":");
        if (local && !Files.exists(socket) && xvfb == null) {
            String bin = findOnPath("Xvfb");
            if (bin == null) {
                fail("No X server on " + display + " and Xvfb is not installed: apt-get install -y xvfb (the GUI tests start it)");
            }
            try {
                // -terminate: the server exits when this JVM's display connection closes (killing it
                // from a shutdown hook instead would make AWT's X connection die with exit code 1).
                xvfb = new ProcessBuilder(bin, display, "-screen", "0", "1400x1000x24", "-nolisten", "tcp", "-terminate")
                        .redirectErrorStream(true).redirectOutput(new File("/dev/null")).start();
            } catch (IOException e) {
                fail("Cannot start Xvfb on " + display + ": " + e.getMessage());
            }
            long deadline = System.currentTimeMillis() + 10_000;
            while (!Files.exists(socket) && System.currentTimeMillis() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (!Files.exists(socket)) fail("Xvfb did not come up on " + display);
        }
        if (GraphicsEnvironment.isHeadless()) fail("AWT is headless although DISPLAY=" + display);
    }

    private static String findOnPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(File.pathSeparator)) {
            File f = new File(dir, name);
            if (f.canExecute()) return f.getPath();
        }
        return null;
    }

    /** Saves a screenshot for the user guide (doc/images/, relative to the repository root). */
    static Path save(BufferedImage img, String name) throws IOException {
        Path dir = Path.of("doc", "images");
        Files.createDirectories(dir);
        Path p = dir.resolve(name);
        ImageIO.write(img, "png", p.toFile());
        return p;
    }

    /** Standard deviation of the gray level of a picture region. */
    static double grayStd(BufferedImage img) {
        long n = 0;
        double s = 0, ss = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                double g = ((rgb >> 16) & 255) * 0.299 + ((rgb >> 8) & 255) * 0.587 + (rgb & 255) * 0.114;
                s += g;
                ss += g * g;
                n++;
            }
        }
        double m = s / n;
        return Math.sqrt(Math.max(0, ss / n - m * m));
    }

    /** Number of pixels within {@code tol} of a colour in every channel. */
    static int countColour(BufferedImage img, java.awt.Color c, int tol) {
        int count = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int rgb = img.getRGB(x, y);
                if (Math.abs(((rgb >> 16) & 255) - c.getRed()) <= tol && Math.abs(((rgb >> 8) & 255) - c.getGreen()) <= tol
                        && Math.abs((rgb & 255) - c.getBlue()) <= tol) count++;
            }
        }
        return count;
    }
}
