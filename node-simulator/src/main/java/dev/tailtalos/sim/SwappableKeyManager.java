package dev.tailtalos.sim;

import dev.tailtalos.common.talos.pki.IssuedCertificate;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Server key manager whose certificate can be replaced while the server runs: new handshakes get the new
 * certificate. Recent entries stay resolvable so a handshake that picked an alias just before a swap still
 * gets a matching chain and key.
 */
final class SwappableKeyManager extends X509ExtendedKeyManager {

    private static final int KEPT_ENTRIES = 4;

    private record Entry(X509Certificate[] chain, PrivateKey key) {
    }

    private final Map<String, Entry> entries = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > KEPT_ENTRIES;
        }
    };
    private volatile String currentAlias;
    private int generation;

    synchronized void install(IssuedCertificate certificate) {
        String alias = "server-" + (++generation);
        entries.put(alias, new Entry(new X509Certificate[] {certificate.certificate()}, certificate.privateKey()));
        currentAlias = alias;
    }

    synchronized X509Certificate current() {
        return entries.get(currentAlias).chain()[0];
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return chooseServerAlias(keyType, issuers, null);
    }

    @Override
    public synchronized String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        String alias = currentAlias;
        if (alias == null) {
            return null;
        }
        String algorithm = entries.get(alias).key().getAlgorithm();
        return keyTypeMatches(keyType, algorithm) ? alias : null;
    }

    @Override
    public synchronized String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = chooseServerAlias(keyType, issuers, null);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public synchronized X509Certificate[] getCertificateChain(String alias) {
        Entry entry = entries.get(alias);
        return entry == null ? null : entry.chain().clone();
    }

    @Override
    public synchronized PrivateKey getPrivateKey(String alias) {
        Entry entry = entries.get(alias);
        return entry == null ? null : entry.key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    private static boolean keyTypeMatches(String keyType, String algorithm) {
        if (keyType.equalsIgnoreCase(algorithm)) {
            return true;
        }
        boolean edKeyType = keyType.equalsIgnoreCase("EdDSA") || keyType.equalsIgnoreCase("Ed25519");
        boolean edAlgorithm = algorithm.equalsIgnoreCase("EdDSA") || algorithm.equalsIgnoreCase("Ed25519");
        return edKeyType && edAlgorithm;
    }
}
