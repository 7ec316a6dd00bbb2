package org.cryoet.learn;

import java.util.Map;

/**
 * A kind of network, found by name in {@link NetworkTypes} (registered as a
 * {@link java.util.ServiceLoader} service): turns recorded parameters back into a typed
 * {@link NetworkSpec}.
 */
public interface NetworkType {

    /** Registry name, lower case (the {@code type} in model.json). */
    String name();

    /**
     * The spec with these parameters.
     *
     * @throws IllegalArgumentException if a parameter is missing or out of range
     */
    NetworkSpec spec(Map<String, Number> parameters);
}
