package dev.tailtalos.common.talos;

/** Thrown before any connection attempt when a {@link DialPolicy} forbids the address. */
public class DialRefusedException extends TalosException {

    private final String address;

    public DialRefusedException(String address, String reason) {
        super("refusing to dial " + address + ": " + reason);
        this.address = address;
    }

    public String address() {
        return address;
    }
}
