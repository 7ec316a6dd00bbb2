package org.cryoet.fiji;

import java.util.List;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;

/**
 * Run by plugins-config/check-fiji-layout.sh with exactly the target/fiji classpath plus what
 * Fiji ships: checks that SciJava finds our commands in the jar's plugin index and that DJL
 * loads libtorch from the bundled native jar, offline, and computes with it. Exit code 0 = fine.
 */
public final class FijiLayoutCheck {
    private FijiLayoutCheck() {
    }

    public static void main(String[] args) {
        try (Context ctx = new Context(CommandService.class)) {
            List<CommandInfo> ours = ctx.service(CommandService.class).getCommands().stream()
                    .filter(c -> c.getClassName().startsWith("org.cryoet.fiji.")).toList();
            System.out.println("SciJava commands found in the plugin index: " + ours.size());
            for (CommandInfo c : ours) System.out.println("  " + c.getMenuPath() + "  (" + c.getClassName() + ")");
            if (ours.size() < 5) throw new IllegalStateException("plugin index incomplete");
        }
        Engine e = Engine.getEngine("PyTorch");
        System.out.println("DJL engine: " + e.getEngineName() + " " + e.getVersion() + ", default device " + e.defaultDevice());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4}).reshape(2, 2);
            float s = a.matMul(a).sum().getFloat();
            System.out.println("libtorch computed sum([[1,2],[3,4]]^2) = " + s);
            if (s != 54f) throw new IllegalStateException("wrong result " + s);
        }
        System.out.println("OK");
    }
}
