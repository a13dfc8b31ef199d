package io.outpost.gateway.throttling;

import io.netty.util.NetUtil;

/**
 * The throttling key of a client address. An IPv6 client is keyed by its /64, as WSO2 does: one
 * host is given a whole /64 by its network, so keying by the full address would let it mint a
 * fresh allowance per address. Literal addresses only; never a lookup.
 */
final class ClientKeys {
    private ClientKeys() {}

    static String of(String address) {
        if (address == null || address.indexOf(':') < 0) {
            return address; // IPv4 (or nothing): as it is
        }
        byte[] ip = NetUtil.createByteArrayFromIpAddressString(address);
        if (ip == null || ip.length != 16) {
            return address;
        }
        if (isMappedIpv4(ip)) {
            return (ip[12] & 0xff) + "." + (ip[13] & 0xff) + "." + (ip[14] & 0xff) + "." + (ip[15] & 0xff);
        }
        StringBuilder prefix = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            prefix.append(Integer.toHexString(((ip[i] & 0xff) << 8) | (ip[i + 1] & 0xff))).append(':');
        }
        return prefix.append(":/64").toString();
    }

    private static boolean isMappedIpv4(byte[] ip) {
        for (int i = 0; i < 10; i++) {
            if (ip[i] != 0) {
                return false;
            }
        }
        return ip[10] == (byte) 0xff && ip[11] == (byte) 0xff;
    }
}
