package org.cryoet.fiji;

import java.nio.file.Path;

import ij.ImagePlus;

/** Opens MRC files as ImageJ virtual stacks over a memory-mapped file. */
public final class MrcVirtualStacks {
    private MrcVirtualStacks() {
    }

    /** The file as a virtual stack; until the memory-mapped reader lands this reads the whole file. */
    public static ImagePlus open(Path path) {
        return Inputs.openImage(path.toFile());
    }
}
