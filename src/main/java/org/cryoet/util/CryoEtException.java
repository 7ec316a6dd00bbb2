package org.cryoet.util;

/**
 * An expected, user-facing failure: bad input file, inconsistent parameters, cancelled work.
 * The message must name the file (if any) and the problem in one sentence; front ends print
 * the message alone, without a stack trace.
 */
public class CryoEtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CryoEtException(String message) {
        super(message);
    }

    public CryoEtException(String message, Throwable cause) {
        super(message, cause);
    }
}
