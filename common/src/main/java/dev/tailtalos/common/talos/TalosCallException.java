package dev.tailtalos.common.talos;

import io.grpc.Status;
import java.security.cert.CertificateException;
import java.util.EnumSet;
import java.util.Set;
import javax.net.ssl.SSLException;

/** A Talos API call that failed with a gRPC status. */
public class TalosCallException extends TalosException {

    private static final Set<Status.Code> TRANSIENT = EnumSet.of(Status.Code.UNAVAILABLE,
            Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED, Status.Code.ABORTED);

    private final String endpoint;
    private final Status.Code code;

    public TalosCallException(String endpoint, String method, Status status) {
        super(method + " on " + endpoint + " failed: " + status.getCode() + describe(status), status.getCause());
        this.endpoint = endpoint;
        this.code = status.getCode();
    }

    /** The status description, or for a failed TLS handshake what failed (gRPC says only "io exception"). */
    private static String describe(Status status) {
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof CertificateException && cause.getMessage() != null) {
                return ": authentication handshake failed: tls: failed to verify certificate: " + cause.getMessage();
            }
        }
        for (Throwable cause = status.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException && cause.getMessage() != null) {
                return ": authentication handshake failed: " + cause.getMessage();
            }
        }
        return status.getDescription() == null ? "" : ": " + status.getDescription();
    }

    public static boolean isTransientCode(Status.Code code) {
        return TRANSIENT.contains(code);
    }

    public String endpoint() {
        return endpoint;
    }

    public Status.Code code() {
        return code;
    }

    /**
     * UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED and ABORTED are worth retrying; everything else is not.
     * (Named isTransient because {@code transient} is a Java keyword.)
     */
    public boolean isTransient() {
        return isTransientCode(code);
    }

    /**
     * True when the TLS handshake failed (untrusted or mismatching certificate, rejected client certificate).
     * gRPC reports these as UNAVAILABLE, so {@link #isTransient()} is true; callers should not retry them blindly.
     */
    public boolean tlsFailure() {
        for (Throwable cause = getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException || cause instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }
}
