package org.cryoet.learn;

import java.util.Set;

/** The registry of {@link LossFunction}s (services listed in META-INF/services). */
public final class LossFunctions {

    /** The loss every method uses unless another is chosen (the published ICECREAM and cryoCARE loss). */
    public static final String DEFAULT = MeanSquaredLoss.NAME;

    private static final NamedServices<LossFunction> LOSSES = new NamedServices<>(LossFunction.class,
            LossFunction::name, "loss function");

    private LossFunctions() {
    }

    /** The loss with this name (any case); a {@link org.cryoet.util.CryoEtException} lists the known ones. */
    public static LossFunction byName(String name) {
        return LOSSES.get(name);
    }

    public static Set<String> names() {
        return LOSSES.names();
    }
}
