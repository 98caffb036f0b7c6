package dev.tailtalos.common.talos;

import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.bouncycastle.util.IPAddress;

/**
 * Verifies a Talos API server as talosctl (Go crypto/tls) does: the chain must lead to the talosconfig's CA, and the
 * certificate must name the dialed host (or the TLS server name) in its SANs. A name mismatch is reported in Go's
 * words, {@code x509: certificate is valid for 127.0.10.1, k8s-1, not 127.100.0.1}, instead of the JDK's message.
 */
final class ServerNameTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager chain;

    ServerNameTrustManager(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("talos-ca", ca);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            X509ExtendedTrustManager found = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    found = extended;
                }
            }
            if (found == null) {
                throw new IllegalStateException("the JDK offers no X509ExtendedTrustManager");
            }
            this.chain = found;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot trust the talosconfig CA: " + e.getMessage(), e);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
        if (engine != null && engine.getPeerHost() != null) {
            verifyName(certificates[0], engine.getPeerHost());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
        if (socket != null && socket.getInetAddress() != null) {
            verifyName(certificates[0], socket.getInetAddress().getHostAddress());
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        chain.checkServerTrusted(certificates, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, Socket socket)
            throws CertificateException {
        chain.checkClientTrusted(certificates, authType, socket);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType, SSLEngine engine)
            throws CertificateException {
        chain.checkClientTrusted(certificates, authType, engine);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certificates, String authType) throws CertificateException {
        chain.checkClientTrusted(certificates, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return chain.getAcceptedIssuers();
    }

    /** Go's x509.Certificate.VerifyHostname: IP hosts match IP SANs, names match DNS SANs (one leading wildcard). */
    static void verifyName(X509Certificate certificate, String host) throws CertificateException {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        List<String> ips = sans(certificate, 7);
        List<String> names = sans(certificate, 2);
        if (IPAddress.isValid(bare)) {
            InetAddress wanted = address(bare);
            for (String ip : ips) {
                if (address(ip).equals(wanted)) {
                    return;
                }
            }
            throw mismatch(ips, bare);
        }
        String wanted = stripDot(bare).toLowerCase(Locale.ROOT);
        for (String name : names) {
            if (matches(stripDot(name).toLowerCase(Locale.ROOT), wanted)) {
                return;
            }
        }
        throw mismatch(names, bare);
    }

    private static CertificateException mismatch(List<String> validFor, String host) {
        if (validFor.isEmpty()) {
            return new CertificateException("x509: certificate is not valid for any names, but wanted to match " + host);
        }
        return new CertificateException("x509: certificate is valid for " + String.join(", ", validFor) + ", not "
                + host);
    }

    private static boolean matches(String pattern, String host) {
        if (pattern.startsWith("*.")) {
            int dot = host.indexOf('.');
            return dot > 0 && host.substring(dot + 1).equals(pattern.substring(2));
        }
        return pattern.equals(host);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static InetAddress address(String literal) throws CertificateException {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new CertificateException("x509: unreadable IP SAN " + literal);
        }
    }

    private static List<String> sans(X509Certificate certificate, int type) throws CertificateException {
        List<String> out = new ArrayList<>();
        try {
            Collection<List<?>> all = certificate.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if ((Integer) san.get(0) == type) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            throw new CertificateException("x509: unreadable SANs: " + e.getMessage(), e);
        }
        return out;
    }
}
