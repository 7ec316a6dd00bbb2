package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.scijava.Cancelable;
import org.scijava.Context;
import org.scijava.app.StatusService;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;
import org.scijava.module.ModuleService;
import org.scijava.task.Task;
import org.scijava.task.TaskService;

import org.cryoet.tomo.ForwardProjector;
import org.cryoet.util.CancelledException;
import org.cryoet.volume.Volume;

class FijiProgressTest {

    @Test
    void taskProgressAndCancelFromTheTaskMonitor() {
        try (Context ctx = new Context(TaskService.class, StatusService.class)) {
            AtomicBoolean commandCancelled = new AtomicBoolean();
            Task[] created = new Task[1];
            TaskService tasks = new org.scijava.task.DefaultTaskService() {
                @Override
                public Task createTask(String name) {
                    created[0] = ctx.service(TaskService.class).createTask(name);
                    return created[0];
                }
            };
            FijiProgress p = FijiProgress.start("job", ctx.service(StatusService.class), tasks, commandCancelled::get);
            p.update("stage", 3, 4);
            assertEquals(750, created[0].getProgressValue());
            assertEquals("stage", created[0].getStatusMessage());
            assertFalse(p.isCancelled());
            created[0].cancel("user pressed Cancel");
            assertTrue(p.isCancelled());
            assertEquals("user pressed Cancel", p.cancelReason());
            assertThrows(CancelledException.class, () -> p.checkCancelled("stage"));
            p.close();
            assertTrue(created[0].isDone());

            FijiProgress q = FijiProgress.start("job2", null, null, commandCancelled::get);
            assertFalse(q.isCancelled());
            commandCancelled.set(true);
            assertTrue(q.isCancelled());
        }
    }

    @Test
    void escapeCancelsWorkStartedBeforeItButNotLaterWork() {
        ij.IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE); // an Esc from before: ignored
        FijiProgress p = FijiProgress.start("job", null, null, null);
        assertFalse(p.isCancelled());
        assertNull(p.cancelReason());
        ij.IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
        assertTrue(p.isCancelled());
        assertEquals("Esc pressed", p.cancelReason());
        assertThrows(CancelledException.class, () -> p.checkCancelled("stage"));
        p.close();
        assertFalse(FijiProgress.start("next job", null, null, null).isCancelled());
    }

    @Test
    void cancellingTheCommandStopsTheLibraryWork() throws Exception {
        double[] angles = {-40, -20, 0, 20, 40};
        Volume ts = ForwardProjector.project(TestVolumes.blobs(32, 24, 16, 1, 1.0), angles);
        try (Context ctx = new Context(CommandService.class)) {
            ModuleService ms = ctx.service(ModuleService.class);
            CommandModule m = (CommandModule) ms.createModule(ctx.service(CommandService.class).getCommand(ReconstructTomogramCommand.class));
            m.setInput("tilt_series", ImageConversion.toImagePlus(ts, "ts", angles));
            m.resolveInput("tilt_series");
            ((Cancelable) m.getDelegateObject()).cancel("stopped by the user");
            ms.run(m, false).get();
            assertTrue(m.isCanceled());
            assertEquals("stopped by the user", m.getCancelReason());
            assertNull(m.getOutput("tomogram"));
        }
    }
}
