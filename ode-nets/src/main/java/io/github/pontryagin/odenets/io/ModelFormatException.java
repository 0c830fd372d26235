package io.github.pontryagin.odenets.io;

import java.io.IOException;

/**
 * A model or checkpoint file that cannot be read: corrupt, truncated, wrong version or inconsistent. The
 * message starts with the file's name and is at most {@value #MAX_MESSAGE} characters long.
 */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    /** Longest message; longer ones (which echo parts of a corrupt file) are cut, with their length given. */
    public static final int MAX_MESSAGE = 600;

    public ModelFormatException(String message) {
        super(cut(message));
    }

    public ModelFormatException(String message, Throwable cause) {
        super(cut(message), cause);
    }

    private static String cut(String message) {
        return message == null || message.length() <= MAX_MESSAGE ? message
                : message.substring(0, MAX_MESSAGE) + "... (" + message.length() + " characters)";
    }
}
