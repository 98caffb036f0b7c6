package dev.tailtalos.sim;

import dev.tailtalos.common.talos.pki.CertificateSubjects;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/** Reads roles from the verified client certificate's Subject O and the {@code nodes}/{@code node} metadata. */
final class CallerInterceptor implements ServerInterceptor {

    static final Context.Key<Caller> CALLER = Context.key("talos-caller");

    private static final Metadata.Key<String> NODES = Metadata.Key.of("nodes", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> NODE = Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        List<String> node = values(headers, NODE);
        if (node.size() > 1) {
            call.close(Status.INVALID_ARGUMENT.withDescription("node metadata must be single-valued"), new Metadata());
            return new ServerCall.Listener<>() {
            };
        }
        Caller caller = new Caller(roles(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION)),
                values(headers, NODES), node.stream().findFirst());
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static Set<String> roles(SSLSession session) {
        Set<String> roles = new LinkedHashSet<>();
        if (session == null) {
            return roles;
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length > 0 && peer[0] instanceof X509Certificate) {
                roles.addAll(CertificateSubjects.organizations((X509Certificate) peer[0]));
            }
        } catch (SSLPeerUnverifiedException e) {
            return roles;
        }
        return roles;
    }

    private static List<String> values(Metadata headers, Metadata.Key<String> key) {
        List<String> values = new ArrayList<>();
        Iterable<String> all = headers.getAll(key);
        if (all != null) {
            for (String value : all) {
                for (String part : value.split(",")) {
                    if (!part.isBlank()) {
                        values.add(part.trim());
                    }
                }
            }
        }
        return values;
    }

    static Optional<Caller> current() {
        return Optional.ofNullable(CALLER.get());
    }
}
