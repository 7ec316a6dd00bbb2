package org.cryoet.learn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A training method by name with its parameter values, as configured for a run and recorded in
 * model.json ({@code "method": {"name": ..., "parameters": {...}}}). {@link #resolved()} completes
 * and checks it against the method's declared parameters.
 *
 * @param name       registry name of the {@link TrainingMethod}
 * @param parameters values by parameter name, in the method's declared order once resolved
 */
public record MethodSpec(String name, Map<String, Double> parameters) {

    public MethodSpec {
        name = name.toLowerCase(Locale.ROOT);
        parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The named method with all its defaults. */
    public static MethodSpec defaults(String name) {
        return new MethodSpec(name, Map.of()).resolved();
    }

    /** The method this names (from the registry). */
    public TrainingMethod method() {
        return TrainingMethods.byName(name);
    }

    /**
     * Every declared parameter, in declared order, with defaults for those not given.
     *
     * @throws IllegalArgumentException for a parameter the method does not declare or a value out of range
     */
    public MethodSpec resolved() {
        TrainingMethod m = method();
        Map<String, Double> out = new LinkedHashMap<>();
        for (MethodParameter p : m.parameters()) {
            double v = parameters.getOrDefault(p.name(), p.defaultValue());
            p.check(m.title(), v);
            out.put(p.name(), v);
        }
        for (String given : parameters.keySet()) {
            if (!out.containsKey(given)) {
                throw new IllegalArgumentException("training method " + m.name() + " (" + m.title()
                        + ") has no parameter '" + given + "' (" + (out.isEmpty() ? "it has none"
                        : "it has: " + String.join(", ", out.keySet())) + ")");
            }
        }
        return new MethodSpec(name, out);
    }

    /** A copy with one parameter set (checked by {@link #resolved()}). */
    public MethodSpec with(String parameter, double value) {
        Map<String, Double> p = new LinkedHashMap<>(parameters);
        p.put(parameter, value);
        return new MethodSpec(name, p);
    }

    /** A parameter's value. */
    public double parameter(String parameter) {
        Double v = parameters.get(parameter);
        if (v == null) throw new IllegalArgumentException(name + " has no parameter '" + parameter + "'");
        return v;
    }

    /** "icecream (lambda 2)". */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(name);
        String sep = " (";
        for (Map.Entry<String, Double> e : parameters.entrySet()) {
            sb.append(sep).append(e.getKey()).append(' ').append(String.format(Locale.ROOT, "%.6g", e.getValue())
                    .replaceAll("\\.?0+$", ""));
            sep = ", ";
        }
        return parameters.isEmpty() ? sb.toString() : sb.append(')').toString();
    }
}
