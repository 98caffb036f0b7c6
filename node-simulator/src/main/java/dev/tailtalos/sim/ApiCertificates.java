package dev.tailtalos.sim;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import dev.tailtalos.common.talos.pki.Pem;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.util.IPAddress;

/**
 * apid's server certificate and the client CAs it trusts, derived from the applied machine config as Talos derives
 * them: issued by {@code machine.ca} (on workers, which get the CA certificate without its key, by trustd on a control
 * plane that holds the key), naming the node's addresses, its hostname ({@code machine.network.hostname}, else the
 * node's own) and {@code machine.certSANs}; clients are accepted when signed by {@code machine.ca} or one of
 * {@code machine.acceptedCAs}. Before any config (or with a config without {@code machine.ca}) the simulator's OS CA
 * stands in. The tailnet address is not added here: only the applied config puts it into the certificate.
 */
final class ApiCertificates {

    /** What the served certificate was issued from; a change re-issues it. */
    private record Identity(X509Certificate issuer, String commonName, List<String> sans) {
    }

    private final CertificateAuthority simulatorCa;
    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final SwappableTrustManager trustManager = new SwappableTrustManager();
    private Identity served;

    ApiCertificates(CertificateAuthority simulatorCa) {
        this.simulatorCa = simulatorCa;
    }

    SwappableKeyManager keyManager() {
        return keyManager;
    }

    SwappableTrustManager trustManager() {
        return trustManager;
    }

    X509Certificate current() {
        return keyManager.current();
    }

    List<X509Certificate> trusted() {
        return trustManager.trusted();
    }

    /** The names and addresses the served certificate carries (the CertSANs resource). */
    synchronized List<String> sans() {
        return served == null ? List.of() : served.sans();
    }

    /**
     * Re-issues the certificate when the config's CA, hostname, certSANs or the node's addresses changed.
     *
     * @param trustd the CA (with key) a control plane of this cluster signs with for this CA certificate, if any
     * @return why the node could not get a certificate from this config (it keeps serving the previous one)
     */
    synchronized Optional<String> update(MachineConfigDocuments config, String nodeHostname, List<String> addresses,
            Function<X509Certificate, Optional<CertificateAuthority>> trustd) {
        CertificateAuthority issuer = simulatorCa;
        List<X509Certificate> trusted = new ArrayList<>();
        Optional<String> caPem = config == null ? Optional.empty() : config.osCaCertificatePem();
        if (caPem.isPresent()) {
            try {
                X509Certificate caCertificate = Pem.decodeCertificate(caPem.get());
                Optional<String> keyPem = config.osCaKeyPem();
                Optional<CertificateAuthority> signer = keyPem.isPresent()
                        ? Optional.of(new CertificateAuthority(caCertificate, Pem.decodePrivateKey(keyPem.get())))
                        : trustd.apply(caCertificate);
                if (signer.isEmpty()) {
                    return Optional.of("apid: no certificate for this config: machine.ca carries no key and no control"
                            + " plane's trustd signs with " + caCertificate.getSubjectX500Principal().getName());
                }
                issuer = signer.get();
                trusted.add(caCertificate);
                for (String accepted : config.acceptedCaPems()) {
                    trusted.addAll(Pem.decodeCertificates(accepted));
                }
            } catch (IllegalArgumentException e) {
                return Optional.of("apid: machine.ca is unusable: " + e.getMessage());
            }
        } else {
            trusted.add(simulatorCa.certificate());
        }
        String hostname = config == null ? nodeHostname : config.hostname().orElse(nodeHostname);
        List<String> sans = new ArrayList<>(addresses);
        sans.add(hostname);
        if (config != null) {
            sans.addAll(config.certSans());
        }
        Identity wanted = new Identity(issuer.certificate(), hostname, sans.stream().distinct().toList());
        if (wanted.equals(served)) {
            trustManager.trust(trusted);
            return Optional.empty();
        }
        List<String> ips = wanted.sans().stream().filter(IPAddress::isValid).toList();
        List<String> dns = wanted.sans().stream().filter(san -> !IPAddress.isValid(san)).toList();
        IssuedCertificate certificate = issuer.issueServerCertificate(hostname, ips, dns,
                CertificateAuthority.SERVER_VALIDITY);
        try {
            certificate.certificate().verify(issuer.certificate().getPublicKey());
        } catch (GeneralSecurityException e) {
            return Optional.of("apid: machine.ca.key does not belong to machine.ca.crt");
        }
        keyManager.install(certificate);
        trustManager.trust(trusted);
        served = wanted;
        return Optional.empty();
    }
}
