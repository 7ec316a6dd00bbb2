package org.cryoet.fiji.ui;

import java.awt.image.BufferedImage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import javax.swing.JFrame;
import javax.swing.SwingUtilities;

/** What the live windows share: creation on the event thread, and plots drawn to a panel's size. */
public final class Frames {
    private Frames() {
    }

    /** Creates and shows a window on the event thread and returns it. */
    public static <T extends JFrame> T openOnEventThread(Supplier<T> create, String what) {
        AtomicReference<T> ref = new AtomicReference<>();
        Runnable r = () -> {
            T f = create.get();
            f.setVisible(true);
            ref.set(f);
        };
        try {
            if (SwingUtilities.isEventDispatchThread()) r.run();
            else SwingUtilities.invokeAndWait(r);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot open the " + what, e);
        }
        return ref.get();
    }

    /** An ImageJ plot drawn on a white picture of exactly {@code w} x {@code h} pixels. */
    public static BufferedImage plotImage(ij.gui.Plot plot, int w, int h) {
        BufferedImage img = plot.getProcessor().getBufferedImage();
        BufferedImage out = new BufferedImage(Math.max(1, w), Math.max(1, h), BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = out.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, w, h);
        g.drawImage(img, 0, 0, w, h, null);
        g.dispose();
        return out;
    }
}
