package dev.tailtalos.common.yaml;

/** A patch that cannot be loaded or applied; names the patch source (a file or "inline #N") and the failing path. */
public class PatchException extends RuntimeException {

    private final String patchSource;
    private final String path;

    public PatchException(String patchSource, String path, String message) {
        this(patchSource, path, message, null);
    }

    public PatchException(String patchSource, String path, String message, Throwable cause) {
        super(patchSource + (path == null || path.isEmpty() ? "" : " at " + path) + ": " + message, cause);
        this.patchSource = patchSource;
        this.path = path == null ? "" : path;
    }

    public String patchSource() {
        return patchSource;
    }

    public String path() {
        return path;
    }
}
