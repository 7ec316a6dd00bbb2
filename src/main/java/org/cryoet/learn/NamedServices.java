package org.cryoet.learn;

import org.cryoet.util.CryoEtException;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Implementations of a service interface found with {@link ServiceLoader} and looked up by name
 * (case-insensitive). The interface's own class loader is used, so the services of the plugin
 * jar are found inside Fiji as well as on a plain class path (where test code may add its own).
 */
final class NamedServices<T> {

    private final String what;
    private final Map<String, T> byName;

    NamedServices(Class<T> service, Function<T, String> name, String what) {
        this.what = what;
        Map<String, T> found = new TreeMap<>();
        for (T s : ServiceLoader.load(service, service.getClassLoader())) {
            T previous = found.put(name.apply(s).toLowerCase(Locale.ROOT), s);
            if (previous != null) {
                throw new IllegalStateException("two " + what + "s are named '" + name.apply(s) + "': "
                        + previous.getClass().getName() + " and " + s.getClass().getName());
            }
        }
        this.byName = Collections.unmodifiableMap(found);
    }

    T get(String name) {
        T s = name == null ? null : byName.get(name.toLowerCase(Locale.ROOT));
        if (s == null) {
            throw new CryoEtException("Unknown " + what + " '" + name + "' (known: " + String.join(", ", byName.keySet())
                    + ")");
        }
        return s;
    }

    java.util.Set<String> names() {
        return byName.keySet();
    }
}
