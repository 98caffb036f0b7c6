package dev.tailtalos.deployer.app;

import dev.tailtalos.common.crypto.KeyWrapper;
import dev.tailtalos.common.crypto.VaultTransitWrapper.VaultTransitException;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

import java.time.Duration;

/** Vault transit with retries (exponential backoff) on transient failures only: 5xx, 412, 429, unreachable. */
final class RetryingKeyWrapper implements KeyWrapper {
    private final KeyWrapper delegate;
    private final Retry retry = Retry.of("vault-transit", RetryConfig.custom()
            .maxAttempts(4)
            .intervalFunction(IntervalFunction.ofExponentialBackoff(Duration.ofMillis(200), 2.0))
            .retryOnException(e -> e instanceof VaultTransitException v && v.isTransient())
            .build());

    RetryingKeyWrapper(KeyWrapper delegate) {
        this.delegate = delegate;
    }

    @Override
    public String keyId() {
        return delegate.keyId();
    }

    @Override
    public byte[] wrap(byte[] dataKey) {
        return Retry.decorateSupplier(retry, () -> delegate.wrap(dataKey)).get();
    }

    @Override
    public byte[] unwrap(byte[] wrappedDataKey) {
        return Retry.decorateSupplier(retry, () -> delegate.unwrap(wrappedDataKey)).get();
    }

    @Override
    public String toString() {
        return "Retrying" + delegate;
    }
}
