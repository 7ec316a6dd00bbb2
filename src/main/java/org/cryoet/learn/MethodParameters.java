package org.cryoet.learn;

import org.cryoet.util.CryoEtException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses training-method parameters written as text, {@code "lambda=2"} or
 * {@code "lambda=2, other=0.5"}: the one syntax of {@code cryoet train --method-parameter} and of
 * Fiji's Train command. Whether the method declares the names is checked later, against the
 * chosen method ({@link MethodSpec#resolved()}).
 */
public final class MethodParameters {

    private MethodParameters() {
    }

    /**
     * Parses name=value pairs separated by commas, semicolons or white space (spaces around '='
     * are allowed).
     *
     * @param texts  the texts, e.g. one per repetition of a command-line option (null or blank: none)
     * @param source how the user wrote the setting ("--method-parameter"), for error messages
     * @return values by lower-case name, in the order given
     * @throws CryoEtException for a pair without '=', a bad name, a value that is not a finite number, or
     *                         a name given twice
     */
    public static Map<String, Double> parse(List<String> texts, String source) {
        Map<String, Double> out = new LinkedHashMap<>();
        if (texts == null) return out;
        for (String text : texts) {
            if (text == null || text.isBlank()) continue;
            // spaces around '=' belong to the pair, not between pairs
            for (String item : text.trim().replaceAll("\\s*=\\s*", "=").split("[,;\\s]+")) {
                if (item.isEmpty()) continue;
                int eq = item.indexOf('=');
                if (eq < 0) {
                    throw new CryoEtException(source + ": '" + item + "' is not name=value (e.g. lambda=2)");
                }
                String name = item.substring(0, eq).trim().toLowerCase(Locale.ROOT);
                String value = item.substring(eq + 1).trim();
                if (!name.matches("[a-z][a-z0-9_]*")) {
                    throw new CryoEtException(source + ": '" + item.substring(0, eq)
                            + "' is not a parameter name (letters, digits and _)");
                }
                double v;
                try {
                    v = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw new CryoEtException(source + ": the value of " + name + " is not a number: '" + value + "'");
                }
                if (!Double.isFinite(v)) {
                    throw new CryoEtException(source + ": the value of " + name + " must be finite, got " + value);
                }
                if (out.put(name, v) != null) {
                    throw new CryoEtException(source + ": " + name + " is given twice");
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /** {@link #parse(List, String)} of one text. */
    public static Map<String, Double> parse(String text, String source) {
        return parse(text == null ? List.of() : List.of(text), source);
    }
}
