package dev.tailtalos.common.crypto.age;

import java.io.ByteArrayOutputStream;
import java.util.Locale;

/** BIP 173 Bech32 (checksum constant 1, no length limit), as age uses it for recipients and identities. */
public final class Bech32 {
    private static final String CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
    private static final int[] GENERATOR = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};

    private Bech32() {
    }

    public record Decoded(String hrp, byte[] data) {
    }

    /** Encodes in lower case; callers upper-case identities themselves. */
    public static String encode(String hrp, byte[] data) {
        String lowerHrp = hrp.toLowerCase(Locale.ROOT);
        byte[] values = convertBits(data, 8, 5, true);
        byte[] checksum = checksum(lowerHrp, values);
        StringBuilder sb = new StringBuilder(lowerHrp).append('1');
        for (byte v : values) {
            sb.append(CHARSET.charAt(v));
        }
        for (byte v : checksum) {
            sb.append(CHARSET.charAt(v));
        }
        return sb.toString();
    }

    public static Decoded decode(String s) {
        if (!s.equals(s.toLowerCase(Locale.ROOT)) && !s.equals(s.toUpperCase(Locale.ROOT))) {
            throw new IllegalArgumentException("mixed case");
        }
        String lower = s.toLowerCase(Locale.ROOT);
        int sep = lower.lastIndexOf('1');
        if (sep < 1 || sep + 7 > lower.length()) {
            throw new IllegalArgumentException("separator '1' at an invalid position");
        }
        String hrp = lower.substring(0, sep);
        for (char c : hrp.toCharArray()) {
            if (c < 33 || c > 126) {
                throw new IllegalArgumentException("invalid character in human-readable part");
            }
        }
        byte[] values = new byte[lower.length() - sep - 1];
        for (int i = 0; i < values.length; i++) {
            int v = CHARSET.indexOf(lower.charAt(sep + 1 + i));
            if (v < 0) {
                throw new IllegalArgumentException("invalid character '" + lower.charAt(sep + 1 + i) + "'");
            }
            values[i] = (byte) v;
        }
        if (polymod(expand(hrp), values) != 1) {
            throw new IllegalArgumentException("invalid checksum");
        }
        byte[] payload = new byte[values.length - 6];
        System.arraycopy(values, 0, payload, 0, payload.length);
        return new Decoded(hrp, convertBits(payload, 5, 8, false));
    }

    private static byte[] checksum(String hrp, byte[] values) {
        byte[] padded = new byte[values.length + 6];
        System.arraycopy(values, 0, padded, 0, values.length);
        int mod = polymod(expand(hrp), padded) ^ 1;
        byte[] out = new byte[6];
        for (int i = 0; i < 6; i++) {
            out[i] = (byte) ((mod >>> (5 * (5 - i))) & 31);
        }
        return out;
    }

    private static byte[] expand(String hrp) {
        byte[] out = new byte[hrp.length() * 2 + 1];
        for (int i = 0; i < hrp.length(); i++) {
            out[i] = (byte) (hrp.charAt(i) >> 5);
            out[i + hrp.length() + 1] = (byte) (hrp.charAt(i) & 31);
        }
        return out;
    }

    private static int polymod(byte[] hrpExpanded, byte[] values) {
        int chk = 1;
        for (byte[] part : new byte[][]{hrpExpanded, values}) {
            for (byte v : part) {
                int top = chk >>> 25;
                chk = ((chk & 0x1ffffff) << 5) ^ v;
                for (int i = 0; i < 5; i++) {
                    if (((top >>> i) & 1) != 0) {
                        chk ^= GENERATOR[i];
                    }
                }
            }
        }
        return chk;
    }

    private static byte[] convertBits(byte[] data, int from, int to, boolean pad) {
        int acc = 0;
        int bits = 0;
        int maxv = (1 << to) - 1;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : data) {
            int value = b & 0xff;
            if ((value >>> from) != 0) {
                throw new IllegalArgumentException("invalid data range");
            }
            acc = (acc << from) | value;
            bits += from;
            while (bits >= to) {
                bits -= to;
                out.write((acc >>> bits) & maxv);
            }
        }
        if (pad) {
            if (bits > 0) {
                out.write((acc << (to - bits)) & maxv);
            }
        } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
            throw new IllegalArgumentException("invalid padding");
        }
        return out.toByteArray();
    }
}
