package io.quarry.cli.project;

/** A project command that cannot go on; the message says what went wrong and what to do about it. */
public final class ProjectException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProjectException(String message) {
        super(message);
    }

    public ProjectException(String message, Throwable cause) {
        super(message, cause);
    }
}
