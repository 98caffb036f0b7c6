package dev.tailtalos.common.crypto.age;

import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.agreement.X25519Agreement;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.macs.HMac;
import org.bouncycastle.crypto.modes.ChaCha20Poly1305;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.HKDFParameters;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.X25519PublicKeyParameters;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The age v1 file format (https://c2sp.org/age) with X25519 recipients: encrypt, decrypt, ASCII armor.
 * Plaintext and keys never appear in exception messages.
 */
public final class Age {
    private static final String VERSION_LINE = "age-encryption.org/v1";
    private static final String X25519_INFO = "age-encryption.org/v1/X25519";
    private static final String ARMOR_BEGIN = "-----BEGIN AGE ENCRYPTED FILE-----";
    private static final String ARMOR_END = "-----END AGE ENCRYPTED FILE-----";
    private static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();

    private Age() {
    }

    // ---- encryption

    public static byte[] encrypt(byte[] plaintext, List<AgeRecipient> recipients) {
        if (recipients.isEmpty()) {
            throw new AgeException("no age recipients given");
        }
        byte[] fileKey = random(16);
        StringBuilder header = new StringBuilder(VERSION_LINE).append('\n');
        for (AgeRecipient recipient : recipients) {
            appendX25519Stanza(header, fileKey, recipient);
        }
        header.append("---");
        byte[] mac = headerMac(fileKey, header.toString().getBytes(StandardCharsets.US_ASCII));
        header.append(' ').append(B64.encodeToString(mac)).append('\n');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        byte[] nonce = random(16);
        out.writeBytes(nonce);
        byte[] payloadKey = hkdf(fileKey, nonce, "payload", 32);
        int chunks = Math.max(1, (plaintext.length + CHUNK - 1) / CHUNK);
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK;
            int to = Math.min(plaintext.length, from + CHUNK);
            out.writeBytes(chacha(true, payloadKey, streamNonce(i, i == chunks - 1), Arrays.copyOfRange(plaintext, from, to)));
        }
        Arrays.fill(fileKey, (byte) 0);
        return out.toByteArray();
    }

    private static void appendX25519Stanza(StringBuilder header, byte[] fileKey, AgeRecipient recipient) {
        X25519PrivateKeyParameters ephemeral = new X25519PrivateKeyParameters(RANDOM);
        byte[] share = ephemeral.generatePublicKey().getEncoded();
        byte[] theirs = recipient.publicKey();
        byte[] shared = agree(ephemeral, theirs);
        byte[] wrapKey = hkdf(shared, concat(share, theirs), X25519_INFO, 32);
        byte[] body = chacha(true, wrapKey, new byte[12], fileKey);
        header.append("-> X25519 ").append(B64.encodeToString(share)).append('\n');
        appendWrapped(header, B64.encodeToString(body));
    }

    private static void appendWrapped(StringBuilder header, String body) {
        int i = 0;
        while (body.length() - i >= 64) {
            header.append(body, i, i + 64).append('\n');
            i += 64;
        }
        header.append(body.substring(i)).append('\n');
    }

    public static String armor(byte[] ageFile) {
        String b64 = Base64.getEncoder().encodeToString(ageFile);
        StringBuilder sb = new StringBuilder(ARMOR_BEGIN).append('\n');
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append(ARMOR_END).append('\n').toString();
    }

    public static String encryptArmored(byte[] plaintext, List<AgeRecipient> recipients) {
        return armor(encrypt(plaintext, recipients));
    }

    // ---- decryption

    /** Decrypts a binary or armored age file with the first identity that matches one of its recipients. */
    public static byte[] decrypt(byte[] file, List<AgeIdentity> identities) {
        byte[] binary = isArmored(file) ? dearmor(new String(file, StandardCharsets.US_ASCII)) : file;
        Header header = parseHeader(binary);
        byte[] fileKey = null;
        int x25519Stanzas = 0;
        for (Stanza stanza : header.stanzas()) {
            if (!stanza.type().equals("X25519")) {
                continue;
            }
            x25519Stanzas++;
            for (AgeIdentity identity : identities) {
                fileKey = unwrapX25519(stanza, identity);
                if (fileKey != null) {
                    break;
                }
            }
            if (fileKey != null) {
                break;
            }
        }
        if (fileKey == null) {
            throw new AgeException(x25519Stanzas == 0
                    ? "the age file has no X25519 recipient stanza (only " + header.types() + ")"
                    : "no age identity matched any of the file's " + x25519Stanzas + " X25519 recipients (wrong key?)");
        }
        byte[] expected = headerMac(fileKey, Arrays.copyOfRange(binary, 0, header.macInputEnd()));
        if (!MessageDigest.isEqual(expected, header.mac())) {
            throw new AgeException("age header MAC mismatch: the header was altered");
        }
        return decryptPayload(fileKey, Arrays.copyOfRange(binary, header.payloadStart(), binary.length));
    }

    public static boolean isArmored(byte[] file) {
        String start = new String(file, 0, Math.min(file.length, 64), StandardCharsets.US_ASCII).stripLeading();
        return start.startsWith(ARMOR_BEGIN);
    }

    static byte[] dearmor(String text) {
        String s = text.strip().replace("\r\n", "\n");
        if (!s.startsWith(ARMOR_BEGIN + "\n") || !s.endsWith("\n" + ARMOR_END)) {
            throw new AgeException("malformed age armor: missing BEGIN/END AGE ENCRYPTED FILE lines");
        }
        String[] lines = s.substring(ARMOR_BEGIN.length() + 1, s.length() - ARMOR_END.length() - 1).split("\n", -1);
        StringBuilder b64 = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.length() > 64 || (i < lines.length - 1 && line.length() != 64) || line.isEmpty()) {
                throw new AgeException("malformed age armor: line " + (i + 2) + " has " + line.length() + " characters");
            }
            b64.append(line);
        }
        try {
            byte[] decoded = Base64.getDecoder().decode(b64.toString());
            if (!Base64.getEncoder().encodeToString(decoded).contentEquals(b64)) {
                throw new AgeException("malformed age armor: non-canonical base64");
            }
            return decoded;
        } catch (IllegalArgumentException e) {
            throw new AgeException("malformed age armor: invalid base64");
        }
    }

    private record Stanza(String type, List<String> args, byte[] body) {
    }

    private record Header(List<Stanza> stanzas, byte[] mac, int macInputEnd, int payloadStart) {
        List<String> types() {
            return stanzas.stream().map(Stanza::type).distinct().toList();
        }
    }

    private static Header parseHeader(byte[] file) {
        int[] pos = {0};
        String version = line(file, pos);
        if (!VERSION_LINE.equals(version)) {
            throw new AgeException(version != null && version.startsWith("age-encryption.org/")
                    ? "unsupported age format version '" + version + "'"
                    : "not an age file (the first line is not " + VERSION_LINE + ")");
        }
        List<Stanza> stanzas = new ArrayList<>();
        while (true) {
            int lineStart = pos[0];
            String l = line(file, pos);
            if (l == null) {
                throw new AgeException("truncated age header");
            }
            if (l.startsWith("--- ")) {
                byte[] mac = strictB64(l.substring(4), "header MAC");
                if (mac.length != 32) {
                    throw new AgeException("malformed age header MAC");
                }
                if (stanzas.isEmpty()) {
                    throw new AgeException("age header has no recipient stanza");
                }
                return new Header(stanzas, mac, lineStart + 3, pos[0]);
            }
            if (!l.startsWith("-> ")) {
                throw new AgeException("malformed age header line");
            }
            List<String> args = List.of(l.substring(3).split(" ", -1));
            if (args.isEmpty() || args.stream().anyMatch(String::isEmpty)) {
                throw new AgeException("malformed age stanza arguments");
            }
            StringBuilder body = new StringBuilder();
            while (true) {
                String b = line(file, pos);
                if (b == null) {
                    throw new AgeException("truncated age header");
                }
                if (b.length() > 64) {
                    throw new AgeException("malformed age stanza body line");
                }
                body.append(b);
                if (b.length() < 64) {
                    break;
                }
            }
            stanzas.add(new Stanza(args.get(0), args.subList(1, args.size()), strictB64(body.toString(), "stanza body")));
        }
    }

    private static String line(byte[] file, int[] pos) {
        for (int i = pos[0]; i < file.length; i++) {
            if (file[i] == '\n') {
                String s = new String(file, pos[0], i - pos[0], StandardCharsets.US_ASCII);
                pos[0] = i + 1;
                return s;
            }
        }
        return null;
    }

    private static byte[] strictB64(String s, String what) {
        if (s.contains("=")) {
            throw new AgeException("malformed age " + what + ": padded base64");
        }
        try {
            byte[] out = Base64.getDecoder().decode(s);
            if (!B64.encodeToString(out).equals(s)) {
                throw new AgeException("malformed age " + what + ": non-canonical base64");
            }
            return out;
        } catch (IllegalArgumentException e) {
            throw new AgeException("malformed age " + what + ": invalid base64");
        }
    }

    private static byte[] unwrapX25519(Stanza stanza, AgeIdentity identity) {
        if (stanza.args().size() != 1) {
            throw new AgeException("malformed X25519 stanza: expected one argument");
        }
        byte[] share = strictB64(stanza.args().get(0), "X25519 share");
        if (share.length != 32 || stanza.body().length != 32) {
            throw new AgeException("malformed X25519 stanza: wrong share or body length");
        }
        byte[] ours = identity.recipient().publicKey();
        byte[] shared;
        try {
            shared = agree(new X25519PrivateKeyParameters(identity.secret(), 0), share);
        } catch (IllegalStateException e) {
            throw new AgeException("X25519 stanza has a low-order share");
        }
        byte[] wrapKey = hkdf(shared, concat(share, ours), X25519_INFO, 32);
        try {
            return chacha(false, wrapKey, new byte[12], stanza.body());
        } catch (AgeException e) {
            return null;
        }
    }

    private static byte[] decryptPayload(byte[] fileKey, byte[] payload) {
        if (payload.length < 16 + TAG) {
            throw new AgeException("truncated age payload");
        }
        byte[] nonce = Arrays.copyOfRange(payload, 0, 16);
        byte[] key = hkdf(fileKey, nonce, "payload", 32);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int pos = 16;
        long counter = 0;
        while (true) {
            int remaining = payload.length - pos;
            boolean last = remaining <= CHUNK + TAG;
            int len = Math.min(remaining, CHUNK + TAG);
            if (len < TAG) {
                throw new AgeException("truncated age payload");
            }
            byte[] chunk = Arrays.copyOfRange(payload, pos, pos + len);
            byte[] plain;
            try {
                plain = chacha(false, key, streamNonce(counter, last), chunk);
            } catch (AgeException e) {
                if (!last) {
                    throw new AgeException("age payload authentication failed (tampered or truncated)");
                }
                throw new AgeException("age payload authentication failed (tampered or truncated)");
            }
            if (last && plain.length == 0 && counter > 0) {
                throw new AgeException("age payload has an empty final chunk");
            }
            out.writeBytes(plain);
            pos += len;
            counter++;
            if (last) {
                return out.toByteArray();
            }
        }
    }

    // ---- primitives

    private static byte[] headerMac(byte[] fileKey, byte[] headerUpToDashes) {
        byte[] hmacKey = hkdf(fileKey, null, "header", 32);
        HMac mac = new HMac(new SHA256Digest());
        mac.init(new KeyParameter(hmacKey));
        mac.update(headerUpToDashes, 0, headerUpToDashes.length);
        byte[] out = new byte[32];
        mac.doFinal(out, 0);
        return out;
    }

    private static byte[] streamNonce(long counter, boolean last) {
        byte[] nonce = new byte[12];
        for (int i = 0; i < 8; i++) {
            nonce[10 - i] = (byte) (counter >>> (8 * i));
        }
        nonce[11] = (byte) (last ? 1 : 0);
        return nonce;
    }

    static byte[] hkdf(byte[] ikm, byte[] salt, String info, int length) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(ikm, salt, info.getBytes(StandardCharsets.US_ASCII)));
        byte[] out = new byte[length];
        hkdf.generateBytes(out, 0, length);
        return out;
    }

    private static byte[] agree(X25519PrivateKeyParameters ours, byte[] theirs) {
        X25519Agreement agreement = new X25519Agreement();
        agreement.init(ours);
        byte[] shared = new byte[32];
        agreement.calculateAgreement(new X25519PublicKeyParameters(theirs, 0), shared, 0);
        return shared;
    }

    private static byte[] chacha(boolean encrypt, byte[] key, byte[] nonce, byte[] input) {
        ChaCha20Poly1305 cipher = new ChaCha20Poly1305();
        cipher.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce));
        byte[] out = new byte[cipher.getOutputSize(input.length)];
        int n = cipher.processBytes(input, 0, input.length, out, 0);
        try {
            n += cipher.doFinal(out, n);
        } catch (InvalidCipherTextException e) {
            throw new AgeException("ChaCha20-Poly1305 authentication failed");
        }
        return n == out.length ? out : Arrays.copyOf(out, n);
    }

    private static byte[] random(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
