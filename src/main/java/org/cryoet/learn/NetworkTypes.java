package org.cryoet.learn;

import java.util.Set;

/** The registry of {@link NetworkType}s (services listed in META-INF/services). */
public final class NetworkTypes {

    private static final NamedServices<NetworkType> TYPES = new NamedServices<>(NetworkType.class,
            NetworkType::name, "network type");

    private NetworkTypes() {
    }

    /** The type with this name (any case); a {@link org.cryoet.util.CryoEtException} lists the known ones. */
    public static NetworkType byName(String name) {
        return TYPES.get(name);
    }

    public static Set<String> names() {
        return TYPES.names();
    }
}
