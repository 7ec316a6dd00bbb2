package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam exactly as PyTorch's {@code torch.optim.Adam} (no weight decay, no amsgrad):
 * m = b1 m + (1-b1) g, v = b2 v + (1-b2) g^2,
 * w -= (lr / (1 - b1^t)) m / (sqrt(v) / sqrt(1 - b2^t) + eps).
 * Written out in NDArray operations (rather than DJL's fused optimiser) so that the moments and
 * the step count can be saved and restored bit for bit in a checkpoint.
 */
public final class AdamOptimizer implements AutoCloseable {

    private final NDManager manager;
    private final NDArray[] m;
    private final NDArray[] v;
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private long step;

    public AdamOptimizer(NDArray[] params, double lr, double beta1, double beta2, double eps, NDManager parent) {
        this.manager = parent.newSubManager();
        this.m = new NDArray[params.length];
        this.v = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            m[i] = manager.zeros(params[i].getShape());
            v[i] = manager.zeros(params[i].getShape());
        }
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
    }

    /**
     * One step from the gradients currently stored on the parameters, which are then zeroed.
     * Call outside recording.
     */
    public void step(NDArray[] params) {
        step(params, 1f);
    }

    /** As {@link #step(NDArray[])} for gradients of a loss multiplied by {@code gradScale}. */
    public void step(NDArray[] params, float gradScale) {
        step(params, lr, gradScale);
    }

    /**
     * As {@link #step(NDArray[])} with the learning rate of this step (a schedule's value) in place
     * of the constructor's.
     */
    public void step(NDArray[] params, double learningRate) {
        step(params, learningRate, 1f);
    }

    private void step(NDArray[] params, double lr, float gradScale) {
        step++;
        double bc1 = 1 - Math.pow(beta1, step);
        double bc2 = 1 - Math.pow(beta2, step);
        float stepSize = (float) (lr / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        // A DJL result belongs to its receiver's manager: every out-of-place result whose receiver
        // is a long-lived array (moments, weights) is moved into the step's scope explicitly, or
        // it would stay alive for the whole run (one weight-sized tensor per parameter and step).
        try (NDManager scope = manager.newSubManager()) {
            for (int i = 0; i < params.length; i++) {
                NDArray grad = scope(params[i].getGradient(), scope);
                NDArray g = gradScale != 1f ? grad.div(gradScale) : grad;
                m[i].muli((float) beta1).addi(g.mul((float) (1 - beta1)));
                v[i].muli((float) beta2).addi(g.square().muli((float) (1 - beta2)));
                NDArray denom = scope(v[i].sqrt(), scope).muli(invSqrtBc2).addi((float) eps);
                params[i].subi(scope(m[i].div(denom), scope).muli(stepSize));
                // PyTorch accumulates gradients across backward passes: clear for the next step.
                grad.muli(0f);
            }
        }
    }

    private static NDArray scope(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    public long stepCount() {
        return step;
    }

    /** Moments m then v, each in parameter order (host copies). */
    public float[][] state() {
        float[][] out = new float[2 * m.length][];
        for (int i = 0; i < m.length; i++) {
            out[i] = HostArrays.toHost(m[i]);
            out[m.length + i] = HostArrays.toHost(v[i]);
        }
        return out;
    }

    /** Restores moments written by {@link #state()} and the step count. */
    public void restore(float[][] state, long stepCount) {
        if (state.length != 2 * m.length) throw new IllegalArgumentException("optimiser state does not fit the network");
        for (int i = 0; i < m.length; i++) {
            m[i].set(state[i]);
            v[i].set(state[m.length + i]);
        }
        this.step = stepCount;
    }

    @Override
    public void close() {
        manager.close();
    }
}
