package org.cryoet.learn;

/**
 * A numeric parameter a training method declares, with its default and lower bound.
 *
 * @param name         identifier in model.json and in {@link MethodSpec}
 * @param defaultValue value when none is given
 * @param min          smallest allowed value (inclusive)
 * @param description  one line for help texts
 */
public record MethodParameter(String name, double defaultValue, double min, String description) {

    /** Checks a value; the message names the method and the parameter. */
    void check(String method, double value) {
        if (!(value >= min) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(method + " parameter " + name + " must be a finite number >= " + min
                    + ", got " + value);
        }
    }
}
