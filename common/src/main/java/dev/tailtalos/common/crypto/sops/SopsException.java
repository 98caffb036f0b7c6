package dev.tailtalos.common.crypto.sops;

/** A sops file that cannot be read, decrypted or written. Names the file and the key path; never a value. */
public class SopsException extends RuntimeException {
    private final String file;
    private final String keyPath;

    public SopsException(String file, String keyPath, String problem) {
        super(file + (keyPath == null || keyPath.isEmpty() ? "" : ": at '" + keyPath + "'") + ": " + problem);
        this.file = file;
        this.keyPath = keyPath;
    }

    public SopsException(String file, String keyPath, String problem, Throwable cause) {
        this(file, keyPath, problem);
        initCause(cause);
    }

    public String file() {
        return file;
    }

    public String keyPath() {
        return keyPath;
    }
}
