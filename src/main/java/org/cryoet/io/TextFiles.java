package org.cryoet.io;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.cryoet.util.CryoEtException;

/** Reading the small text files the tools exchange (angles, transforms, tables), with one-sentence errors. */
public final class TextFiles {
    private TextFiles() {
    }

    /**
     * The lines of a UTF-8 text file.
     *
     * @param kind what the file is, capitalised, for the error ("Angle file")
     * @throws CryoEtException naming the file when it is missing, not text, or unreadable
     */
    public static List<String> readLines(Path path, String kind) {
        try {
            return Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new CryoEtException(kind + " " + path + " does not exist", e);
        } catch (MalformedInputException e) {
            throw new CryoEtException(kind + " " + path + " is not a text file", e);
        } catch (IOException e) {
            throw new CryoEtException("Cannot read " + kind.toLowerCase(Locale.ROOT) + " " + path + ": " + e.getMessage(), e);
        }
    }
}
