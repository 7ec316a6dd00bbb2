package org.cryoet.fiji;

import java.lang.ref.WeakReference;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

import org.scijava.Context;

/**
 * Finds the SciJava context of the running application, so that the ImageJ 1 bridge runs commands
 * in Fiji's own context (its services, status bar, task monitor, log, remembered values) instead
 * of a private one. Two sources, first hit wins:
 * <ol>
 * <li>contexts registered by {@link CryoEtContextService} (created with every full context,
 * Fiji's included), newest first;</li>
 * <li>imagej-legacy's hooks: Fiji patches {@code ij.IJ} with a static {@code _hooks} object whose
 * {@code interceptRunPlugIn("org.scijava.Context", "")} returns the legacy service's context.
 * Read reflectively (imagej-legacy is not a dependency) and without {@code IJ.runPlugIn}, which in
 * a plain ImageJ 1 would construct a new, full context.</li>
 * </ol>
 */
public final class FijiContexts {
    private static final List<WeakReference<Context>> REGISTERED = new ArrayList<>();

    private FijiContexts() {
    }

    static synchronized void register(Context c) {
        REGISTERED.removeIf(r -> r.get() == null || r.get() == c);
        REGISTERED.add(new WeakReference<>(c));
    }

    static synchronized void unregister(Context c) {
        REGISTERED.removeIf(r -> r.get() == null || r.get() == c);
    }

    /** The running application's context, or null when there is none (plain ImageJ 1). */
    public static Context existing() {
        synchronized (FijiContexts.class) {
            for (int i = REGISTERED.size() - 1; i >= 0; i--) {
                Context c = REGISTERED.get(i).get();
                if (c != null) return c;
            }
        }
        return fromLegacyHooks();
    }

    /** The context imagej-legacy's hooks in {@code ij.IJ._hooks} hand out, or null. */
    static Context fromLegacyHooks() {
        try {
            Class<?> ij = Class.forName("ij.IJ", false, FijiContexts.class.getClassLoader());
            Field f = ij.getDeclaredField("_hooks");
            f.setAccessible(true);
            return fromHooks(f.get(null));
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return null; // a plain ImageJ 1 (no _hooks field) or no ImageJ 1 at all
        }
    }

    /** Asks a LegacyHooks-like object for the context, as imagej-legacy answers it. */
    static Context fromHooks(Object hooks) {
        if (hooks == null) return null;
        try {
            Method m = hooks.getClass().getMethod("interceptRunPlugIn", String.class, String.class);
            Object c = m.invoke(hooks, Context.class.getName(), "");
            return c instanceof Context ctx ? ctx : null;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }
}
