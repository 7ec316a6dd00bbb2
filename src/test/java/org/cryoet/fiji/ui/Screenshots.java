package org.cryoet.fiji.ui;

import java.awt.Component;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.lang.reflect.InvocationTargetException;
import java.util.concurrent.atomic.AtomicReference;

import javax.swing.SwingUtilities;

/** Paints a shown component into a picture (on the event thread): the GUI tests' screenshots for the user guide. */
public final class Screenshots {
    private Screenshots() {
    }

    public static BufferedImage paint(Component c) {
        AtomicReference<BufferedImage> out = new AtomicReference<>();
        Runnable r = () -> {
            BufferedImage bi = new BufferedImage(Math.max(1, c.getWidth()), Math.max(1, c.getHeight()), BufferedImage.TYPE_INT_RGB);
            Graphics2D g = bi.createGraphics();
            c.paint(g);
            g.dispose();
            out.set(bi);
        };
        if (SwingUtilities.isEventDispatchThread()) r.run();
        else {
            try {
                SwingUtilities.invokeAndWait(r);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        return out.get();
    }
}
