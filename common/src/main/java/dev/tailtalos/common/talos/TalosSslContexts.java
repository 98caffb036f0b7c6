package dev.tailtalos.common.talos;

import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import io.grpc.netty.shaded.io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLException;

/**
 * Client TLS contexts for the Talos API: TLS 1.3, ALPN h2, JDK provider (Ed25519 keys fail with the bundled
 * BoringSSL). One context per credentials, shared by all clients.
 */
public final class TalosSslContexts {

    static final String TLS_1_3 = "TLSv1.3";

    private static final Map<TalosCredentials, SslContext> CLIENT_CONTEXTS = new ConcurrentHashMap<>();
    private static volatile SslContext insecure;

    private TalosSslContexts() {
    }

    public static SslContext client(TalosCredentials credentials) {
        return CLIENT_CONTEXTS.computeIfAbsent(credentials, TalosSslContexts::buildClient);
    }

    /** Maintenance mode (talosctl --insecure): no client certificate, server certificate not verified. */
    public static SslContext insecureClient() {
        SslContext context = insecure;
        if (context == null) {
            try {
                context = GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                        .trustManager(InsecureTrustManagerFactory.INSTANCE)
                        .protocols(TLS_1_3)
                        .build();
            } catch (SSLException e) {
                throw new IllegalStateException("cannot build insecure TLS context", e);
            }
            insecure = context;
        }
        return context;
    }

    private static SslContext buildClient(TalosCredentials credentials) {
        List<X509Certificate> chain = credentials.certificateChain();
        try {
            return GrpcSslContexts.configure(SslContextBuilder.forClient(), SslProvider.JDK)
                    .keyManager(credentials.privateKey(), chain.toArray(X509Certificate[]::new))
                    .trustManager(new ServerNameTrustManager(credentials.caCertificate()))
                    .protocols(TLS_1_3)
                    .build();
        } catch (SSLException e) {
            throw new IllegalStateException("cannot build TLS context for " + credentials, e);
        }
    }
}
