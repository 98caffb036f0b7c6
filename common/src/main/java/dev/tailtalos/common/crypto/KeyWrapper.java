package dev.tailtalos.common.crypto;

/** Wraps and unwraps data keys (a local key-encryption key, or Vault transit). */
public interface KeyWrapper {
    String keyId();

    byte[] wrap(byte[] dataKey);

    byte[] unwrap(byte[] wrappedDataKey);
}
