package org.cryoet.fiji;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Adapter for a thread-local PyTorch setting. PyTorch's autograd "grad mode" is per thread and on
 * by default; DJL switches it off only on the thread that loads the engine, and a
 * GradientCollector restores the previous mode when closed. SciJava runs each command on a pool
 * thread, so without this the optimizer's in-place updates fail there ("a leaf Variable that
 * requires grad is being used in an in-place operation") and inference records autograd graphs.
 */
final class DjlThreads {
    private DjlThreads() {
    }

    /** Switches autograd recording off on the calling thread (loads the engine if needed). */
    static void gradModeOff() {
        if ("PyTorch".equals(Engine.getInstance().getEngineName())) JniUtils.setGradMode(false);
    }
}
