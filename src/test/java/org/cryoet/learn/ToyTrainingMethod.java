package org.cryoet.learn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A training method that exists only in test code (registered in the test resources'
 * META-INF/services): plain Noise2Noise in both directions, mse(f(A) - B) and mse(f(B) - A),
 * with a weight on the second, and a one-pass prediction. It shows that the trainer, model files
 * and reports take a method they were never told about.
 */
public final class ToyTrainingMethod implements TrainingMethod {

    static final String NAME = "toy-n2n";
    /** Optimisation steps seen by {@link PreparedMethod#afterStep} over all runs in this JVM. */
    static final AtomicLong STEPS = new AtomicLong();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String title() {
        return "Toy Noise2Noise";
    }

    @Override
    public List<MethodParameter> parameters() {
        return List.of(new MethodParameter("backward_weight", 0.5, 0, "weight of mse(f(B) - A)"));
    }

    @Override
    public List<LossTerm> lossTerms(MethodSpec spec) {
        return List.of(new LossTerm("a_to_b", "f(A) vs B", 1),
                new LossTerm("b_to_a", "f(B) vs A", spec.parameter("backward_weight")));
    }

    @Override
    public PreparedMethod prepare(TrainingSetup setup) {
        double weight = setup.spec().parameter("backward_weight");
        return new PreparedMethod() {
            @Override
            public LossTerms loss(Network network, TrainingBatch batch) {
                NDManager scope = batch.halfA().getManager();
                NDArray ab = network.forward(batch.halfA()).sub(batch.halfB()).square().mean();
                NDArray ba = network.forward(batch.halfB()).sub(batch.halfA()).square().mean();
                Map<String, NDArray> terms = new LinkedHashMap<>();
                terms.put("a_to_b", ab);
                terms.put("b_to_a", ba);
                return new LossTerms(ab.add(ba.mul(HostArrays.scalar(scope, (float) weight))), terms);
            }

            @Override
            public void afterStep(long iteration, Network network) {
                STEPS.incrementAndGet();
            }
        };
    }

    @Override
    public TileFunction tileFunction(Network network, ModelInfo model, NDManager manager) {
        return TileFunction.onDevice(network, manager, (x, crop) -> network.forward(x));
    }
}
