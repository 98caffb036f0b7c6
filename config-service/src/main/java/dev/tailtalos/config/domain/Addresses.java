package dev.tailtalos.config.domain;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/** Syntax checks for IPs, CIDRs and DNS names, without any name resolution. */
final class Addresses {

    private static final Pattern IPV4 = Pattern.compile(
            "((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
    private static final Pattern DNS_NAME = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*");
    private static final Pattern HEX_COLON = Pattern.compile("[0-9a-fA-F:.]+");

    private Addresses() {
    }

    static boolean isIp(String value) {
        return IPV4.matcher(value).matches() || isIpv6(value);
    }

    static boolean isIpv6(String value) {
        if (!value.contains(":") || !HEX_COLON.matcher(value).matches()) {
            return false;
        }
        try {
            return InetAddress.getByName(value).getAddress().length == 16;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    static boolean isCidr(String value) {
        int slash = value.indexOf('/');
        if (slash < 0 || !value.substring(slash + 1).matches("[0-9]{1,3}")) {
            return false;
        }
        String ip = value.substring(0, slash);
        int bits = Integer.parseInt(value.substring(slash + 1));
        return IPV4.matcher(ip).matches() ? bits <= 32 : isIpv6(ip) && bits <= 128;
    }

    /** RFC 1123 hostname, as talhelper checks node hostnames. */
    static boolean isDnsName(String value) {
        return DNS_NAME.matcher(value).matches();
    }

    /** An ipAddress entry: an IP, or a DNS name that does not look like a mistyped IPv4 address. */
    static boolean isIpOrDnsName(String value) {
        if (value.matches("[0-9.]+")) {
            return IPV4.matcher(value).matches();
        }
        return isIp(value) || isDnsName(value);
    }
}
