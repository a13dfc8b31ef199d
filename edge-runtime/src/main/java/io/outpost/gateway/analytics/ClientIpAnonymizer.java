package io.outpost.gateway.analytics;

import io.netty.util.NetUtil;
import io.outpost.gateway.config.GatewayConfig.ClientIpMode;

/** Applies {@code analytics.clientIp}: keep, mask (IPv4 /24, IPv6 /48) or drop the client address. */
final class ClientIpAnonymizer {
    private ClientIpAnonymizer() {}

    static String apply(ClientIpMode mode, String ip) {
        if (ip == null || mode == ClientIpMode.FULL) {
            return ip;
        }
        if (mode == ClientIpMode.NONE) {
            return null;
        }
        byte[] bytes = NetUtil.createByteArrayFromIpAddressString(ip);
        if (bytes == null) {
            return null;
        }
        int keep = bytes.length == 4 ? 3 : 6;
        for (int i = keep; i < bytes.length; i++) {
            bytes[i] = 0;
        }
        return NetUtil.bytesToIpAddress(bytes);
    }
}
