package org.cryoet.learn;

import org.cryoet.util.CryoEtException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The one parser of "name=value" method parameters (command line and Fiji). */
class MethodParametersTest {

    @Test
    void parsesPairsSeparatedByCommasSemicolonsAndSpaces() {
        Map<String, Double> expected = new LinkedHashMap<>();
        expected.put("lambda", 2.0);
        expected.put("beta", -0.5);
        expected.put("gamma_2", 1e-3);
        Map<String, Double> got = MethodParameters.parse(List.of("lambda=2, beta = -0.5", " GAMMA_2=1e-3;"), "--p");
        assertEquals(expected, got);
        assertEquals(List.of("lambda", "beta", "gamma_2"), List.copyOf(got.keySet()), "order as given");
        assertEquals(Map.of(), MethodParameters.parse((String) null, "x"));
        assertEquals(Map.of(), MethodParameters.parse("  ", "x"));
    }

    @Test
    void badTextIsOneSentenceNamingTheSetting() {
        assertEquals("--method-parameter: 'lambda' is not name=value (e.g. lambda=2)", error("lambda"));
        assertEquals("--method-parameter: the value of lambda is not a number: 'two'", error("lambda=two"));
        assertEquals("--method-parameter: the value of lambda is not a number: ''", error("lambda="));
        assertEquals("--method-parameter: the value of lambda must be finite, got NaN", error("lambda=NaN"));
        assertEquals("--method-parameter: '2x' is not a parameter name (letters, digits and _)", error("2x=1"));
        assertEquals("--method-parameter: lambda is given twice", error("lambda=1,Lambda=2"));
    }

    private static String error(String text) {
        return assertThrows(CryoEtException.class, () -> MethodParameters.parse(text, "--method-parameter"))
                .getMessage();
    }
}
