package org.cryoet.learn.icetide;

import java.util.ArrayList;
import java.util.List;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (PyTorch's recursion, no weight decay) over parameter groups with their own learning rate,
 * changed by the schedule between steps. A group whose rate is 0 is frozen: its gradients are
 * cleared and its moments and step count stay as they are, so it starts cleanly once enabled.
 */
final class GroupAdam implements AutoCloseable {
    private static final double BETA1 = 0.9, BETA2 = 0.999, EPS = 1e-8;

    static final class Group {
        final String name;
        final NDArray[] params, m, v;
        double lr;
        long step;

        Group(String name, NDArray[] params, NDManager manager) {
            this.name = name;
            this.params = params;
            this.m = new NDArray[params.length];
            this.v = new NDArray[params.length];
            for (int i = 0; i < params.length; i++) {
                m[i] = manager.zeros(params[i].getShape());
                v[i] = manager.zeros(params[i].getShape());
            }
        }
    }

    private final NDManager manager;
    private final List<Group> groups = new ArrayList<>();

    GroupAdam(NDManager parent) {
        this.manager = parent.newSubManager();
    }

    Group add(String name, NDArray... params) {
        Group g = new Group(name, params, manager);
        groups.add(g);
        return g;
    }

    List<Group> groups() {
        return groups;
    }

    /** One step from the gradients stored on the parameters, which are then zeroed. Call outside recording. */
    void step() {
        // results computed from the long-lived moments would join their manager: keep them in a scope
        try (NDManager scope = manager.newSubManager()) {
            for (Group g : groups) {
                boolean frozen = g.lr == 0;
                if (!frozen) g.step++;
                double bc1 = 1 - Math.pow(BETA1, g.step), bc2 = 1 - Math.pow(BETA2, g.step);
                for (int i = 0; i < g.params.length; i++) {
                    NDArray grad = g.params[i].getGradient();
                    grad.attach(scope);
                    if (!frozen) {
                        g.m[i].muli((float) BETA1).addi(scoped(grad.mul((float) (1 - BETA1)), scope));
                        g.v[i].muli((float) BETA2).addi(scoped(grad.square(), scope).muli((float) (1 - BETA2)));
                        NDArray denom = scoped(g.v[i].sqrt(), scope).muli((float) (1 / Math.sqrt(bc2))).addi((float) EPS);
                        g.params[i].subi(scoped(g.m[i].div(denom), scope).muli((float) (g.lr / bc1)));
                    }
                    grad.muli(0f);
                }
            }
        }
    }

    private static NDArray scoped(NDArray a, NDManager scope) {
        a.attach(scope);
        return a;
    }

    @Override
    public void close() {
        manager.close();
    }
}
