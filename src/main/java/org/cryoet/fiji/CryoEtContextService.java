package org.cryoet.fiji;

import org.scijava.plugin.Plugin;
import org.scijava.service.AbstractService;
import org.scijava.service.SciJavaService;
import org.scijava.service.Service;

/**
 * Starts with every full SciJava context (Fiji's at start-up): applies the DJL settings before any
 * command can load DJL's engine ({@link DjlSystemProperties}) and registers the context with
 * {@link FijiContexts}, so the ImageJ 1 bridge runs commands in it. Does nothing else, so it costs
 * nothing at start-up.
 */
@Plugin(type = Service.class)
public class CryoEtContextService extends AbstractService implements SciJavaService {

    @Override
    public void initialize() {
        DjlSystemProperties.apply();
        FijiContexts.register(getContext());
    }

    @Override
    public void dispose() {
        FijiContexts.unregister(getContext());
    }
}
