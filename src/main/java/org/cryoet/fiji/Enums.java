package org.cryoet.fiji;

import java.util.Locale;

import org.cryoet.util.CryoEtException;

/** Enum values from macro-friendly strings ("sirt-like", "SIRT_LIKE", "Sirt like" all work). */
public final class Enums {
    private Enums() {
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String value, String parameter) {
        String v = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (E e : type.getEnumConstants()) if (e.name().equals(v)) return e;
        StringBuilder sb = new StringBuilder();
        for (E e : type.getEnumConstants()) sb.append(sb.length() > 0 ? ", " : "").append(e.name());
        throw new CryoEtException("'" + value + "' is not a valid " + parameter + " (one of " + sb + ")");
    }
}
