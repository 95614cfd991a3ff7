package io.quarry.metadata;

/** Metadata that does not have the expected shape; {@code path} is a JSON path such as {@code $.sources[0].tables}. */
public final class MetadataException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String path;

    public MetadataException(String path, String message) {
        super(message);
        this.path = path;
    }

    public String path() {
        return path;
    }
}
