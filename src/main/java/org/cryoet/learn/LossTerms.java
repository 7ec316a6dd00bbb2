package org.cryoet.learn;

import ai.djl.ndarray.NDArray;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training method's loss on one batch: the total that is differentiated and its named parts
 * (scalars on the device), in the order of {@link TrainingMethod#lossTerms}.
 */
public record LossTerms(NDArray total, Map<String, NDArray> terms) {

    public LossTerms {
        terms = Collections.unmodifiableMap(new LinkedHashMap<>(terms));
    }

    /** The parts' values on the host, same order. */
    public Map<String, Double> values() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : terms.entrySet()) out.put(e.getKey(), (double) e.getValue().getFloat());
        return Collections.unmodifiableMap(out);
    }
}
