package org.cryoet.util;

/** Thrown when the user cancels a long operation through its {@link Progress}. */
public class CancelledException extends CryoEtException {
    private static final long serialVersionUID = 1L;

    public CancelledException(String what) {
        super(what + " was cancelled");
    }
}
