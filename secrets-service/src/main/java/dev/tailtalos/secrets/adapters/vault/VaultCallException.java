package dev.tailtalos.secrets.adapters.vault;

import dev.tailtalos.secrets.domain.Custody;

import java.util.List;

/**
 * A Vault call that failed: HTTP status (0 when Vault could not be reached or timed out) and Vault's own error
 * messages. 403 and other 4xx are permanent; 5xx, 412, 429 and network failures are transient.
 */
public class VaultCallException extends Custody.CustodyUnavailableException {
    private final int status;

    public VaultCallException(String operation, int status, List<String> errors, Throwable cause) {
        super(describe(operation, status, errors), isTransientStatus(status), cause);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static boolean isTransientStatus(int status) {
        return status == 0 || status == 412 || status == 429 || status >= 500;
    }

    private static String describe(String operation, int status, List<String> errors) {
        String what = switch (status) {
            case 0 -> "Vault is unreachable or timed out";
            case 403 -> "Vault answered HTTP 403, permission denied (check the token or AppRole policy)";
            case 503 -> "Vault answered HTTP 503, unavailable (sealed or in standby)";
            default -> "Vault answered HTTP " + status;
        };
        String detail = errors == null || errors.isEmpty() ? "" : ": " + String.join("; ", errors).strip();
        return operation + ": " + what + detail + (isTransientStatus(status) ? " (transient)" : " (permanent)");
    }
}
