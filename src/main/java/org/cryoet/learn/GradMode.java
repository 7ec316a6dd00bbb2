package org.cryoet.learn;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * PyTorch's autograd "grad mode" is per thread and on by default; DJL switches it off only on the
 * thread that loads the engine, and a GradientCollector restores the previous mode when closed.
 * Fiji runs each command on a pool thread, so without this an optimiser's in-place updates fail
 * there ("a leaf Variable that requires grad is being used in an in-place operation") and
 * inference records autograd graphs. Library entry points that run the network call
 * {@link #offOnThisThread()} first, whichever shell called them.
 */
public final class GradMode {
    private GradMode() {
    }

    /** Switches autograd recording off on the calling thread (loads the engine if needed). */
    public static void offOnThisThread() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) JniUtils.setGradMode(false);
    }
}
