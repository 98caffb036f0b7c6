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
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * Reads roles from the verified client certificate's Subject O (in maintenance mode everyone is a reader) and the
 * {@code nodes}/{@code node} metadata; refuses what apid refuses before routing.
 */
final class CallerInterceptor implements ServerInterceptor {

    static final Context.Key<Caller> CALLER = Context.key("talos-caller");

    private static final Metadata.Key<String> NODES = Metadata.Key.of("nodes", Metadata.ASCII_STRING_MARSHALLER);
    private static final Metadata.Key<String> NODE = Metadata.Key.of("node", Metadata.ASCII_STRING_MARSHALLER);

    private final BooleanSupplier maintenance;

    CallerInterceptor(BooleanSupplier maintenance) {
        this.maintenance = maintenance;
    }

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        List<String> node = values(headers, NODE);
        List<String> nodes = values(headers, NODES);
        if (node.size() > 1) {
            return refuse(call, "node metadata must be single-valued");
        }
        if (!nodes.isEmpty() && call.getMethodDescriptor().getFullMethodName().startsWith("cosi.")) {
            return refuse(call, "one-2-many proxying is not supported for COSI methods");
        }
        boolean inMaintenance = maintenance.getAsBoolean();
        Set<String> roles = inMaintenance ? Set.of(Caller.READER)
                : roles(call.getAttributes().get(Grpc.TRANSPORT_ATTR_SSL_SESSION));
        Caller caller = inMaintenance ? new Caller(roles, List.of(), Optional.empty())
                : new Caller(roles, nodes, node.stream().findFirst());
        return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
    }

    private static <Q, R> ServerCall.Listener<Q> refuse(ServerCall<Q, R> call, String message) {
        call.close(Status.INVALID_ARGUMENT.withDescription(message), new Metadata());
        return new ServerCall.Listener<>() {
        };
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

    static Caller current() {
        Caller caller = CALLER.get();
        if (caller == null) {
            throw new IllegalStateException("CallerInterceptor not installed");
        }
        return caller;
    }
}
