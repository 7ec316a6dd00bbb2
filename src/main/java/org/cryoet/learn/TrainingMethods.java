package org.cryoet.learn;

import java.util.Set;

/** The registry of {@link TrainingMethod}s (services listed in META-INF/services). */
public final class TrainingMethods {

    private static final NamedServices<TrainingMethod> METHODS = new NamedServices<>(TrainingMethod.class,
            TrainingMethod::name, "training method");

    private TrainingMethods() {
    }

    /** The method with this name (any case); a {@link org.cryoet.util.CryoEtException} lists the known ones. */
    public static TrainingMethod byName(String name) {
        return METHODS.get(name);
    }

    public static Set<String> names() {
        return METHODS.names();
    }

    /** The methods whose loss terms take the configured loss function. */
    public static java.util.List<String> namesUsingLossFunctions() {
        return names().stream().filter(n -> byName(n).usesLossFunction()).sorted().toList();
    }
}
