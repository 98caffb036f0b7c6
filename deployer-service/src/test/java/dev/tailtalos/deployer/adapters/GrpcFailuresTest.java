package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.talos.TalosCallException;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GrpcFailuresTest {

    private static TalosCallException call(Status status) {
        return new TalosCallException("127.0.0.1:50000", "ApplyConfiguration", status);
    }

    @Test
    void aNodeGoneForAWhileIsTransient() {
        assertThat(GrpcFailures.isTransient(call(Status.UNAVAILABLE))).isTrue();
        assertThat(GrpcFailures.isTransient(call(Status.DEADLINE_EXCEEDED))).isTrue();
        assertThat(GrpcFailures.isTransient(call(Status.CANCELLED.withDescription("RST_STREAM closed stream")))).isTrue();
    }

    @Test
    void aRefusalIsPermanent() {
        assertThat(GrpcFailures.isTransient(call(Status.INVALID_ARGUMENT))).isFalse();
        assertThat(GrpcFailures.isTransient(call(Status.PERMISSION_DENIED))).isFalse();
        assertThat(GrpcFailures.isTransient(new IllegalStateException("bug"))).isFalse();
    }
}
