package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosCredentials;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * A TLS handshake with a node's apid, trusting only the cluster's OS CA and presenting the talosconfig client
 * certificate, to read the SANs of the certificate it serves. Host names are not verified here: the SANs are the
 * subject of the check.
 */
public class TlsCertificateInspector {
    public record Served(X509Certificate certificate, List<String> ipSans, List<String> dnsSans) {
    }

    private final SSLContext context;
    private final DialPolicy dialPolicy;
    private final int timeoutMillis;

    public TlsCertificateInspector(TalosCredentials credentials, DialPolicy dialPolicy, int timeoutMillis) {
        this.dialPolicy = dialPolicy;
        this.timeoutMillis = timeoutMillis;
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("os-ca", credentials.caCertificate());
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            char[] none = new char[0];
            keys.setKeyEntry("client", credentials.privateKey(), none,
                    credentials.certificateChain().toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keys, none);
            context = SSLContext.getInstance("TLSv1.3");
            context.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the TLS context for certificate checks: " + e.getMessage(), e);
        }
    }

    public Served inspect(String endpoint) throws IOException {
        InetSocketAddress address = dialPolicy.check(endpoint);
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(address, timeoutMillis);
            socket.setSoTimeout(timeoutMillis);
            SSLParameters params = socket.getSSLParameters();
            params.setApplicationProtocols(new String[]{"h2"});
            socket.setSSLParameters(params);
            socket.startHandshake();
            X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
            return new Served(served, sans(served, 7), sans(served, 2));
        }
    }

    private static List<String> sans(X509Certificate cert, int type) {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = cert.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if (((Integer) san.get(0)) == type) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new IllegalStateException("served certificate has unreadable SANs: " + e.getMessage(), e);
        }
        return out;
    }
}
