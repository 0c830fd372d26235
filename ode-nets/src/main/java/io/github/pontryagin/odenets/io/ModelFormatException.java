package io.github.pontryagin.odenets.io;

import java.io.IOException;

/** A model or checkpoint file that cannot be read: corrupt, truncated, wrong version or inconsistent. */
public final class ModelFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
