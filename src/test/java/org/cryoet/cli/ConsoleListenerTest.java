package org.cryoet.cli;

import org.cryoet.learn.TrainingStatus;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console line of {@code cryoet train} names the method's loss terms as the status reports them. */
class ConsoleListenerTest {

    private static String line(Map<String, Double> terms) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        new TrainCommand.ConsoleListener(out).iteration(new TrainingStatus(1, 10, 0.5, terms, 0.5, 2, 0.5, 18,
                Double.NaN, Double.NaN));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsEachTermByNameInOrder() {
        Map<String, Double> icecream = new LinkedHashMap<>();
        icecream.put("n2n", 0.3);
        icecream.put("equi", 0.1);
        String ice = line(icecream);
        assertTrue(ice.startsWith("it       1/10  loss 0.50000 (n2n 0.30000, equi 0.10000)  smoothed 0.50000"), ice);
        Map<String, Double> other = new LinkedHashMap<>();
        other.put("b_to_a", 0.25);
        other.put("a_to_b", 0.125);
        String toy = line(other);
        assertTrue(toy.contains("loss 0.50000 (b_to_a 0.25000, a_to_b 0.12500)  smoothed"), toy);
        String none = line(Map.of());
        assertTrue(none.contains("loss 0.50000  smoothed"), none);
    }
}
