package org.cryoet.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import org.cryoet.fiji.FijiLog.Target;

class FijiLogTest {
    @Test
    void theLogWindowWhenImageJIsOnScreenElseLogServiceElseConsole() {
        assertEquals(Target.IMAGEJ_LOG_WINDOW, FijiLog.target(true, false, true));
        assertEquals(Target.IMAGEJ_LOG_WINDOW, FijiLog.target(true, false, false));
        assertEquals(Target.LOG_SERVICE, FijiLog.target(true, true, true));
        assertEquals(Target.LOG_SERVICE, FijiLog.target(false, false, true));
        assertEquals(Target.STANDARD_OUTPUT, FijiLog.target(false, false, false));
        assertEquals(Target.STANDARD_OUTPUT, FijiLog.target(false, true, false));
        // this test JVM is headless without an ImageJ window
        assertEquals(Target.STANDARD_OUTPUT, FijiLog.current(null));
    }
}
