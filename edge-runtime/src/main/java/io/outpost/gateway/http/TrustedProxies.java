package io.outpost.gateway.http;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code trustedProxies} in gateway.yaml: the proxies (load balancers in front of the gateway)
 * whose {@code X-Forwarded-For} is believed. The client address of an exchange is the connection's
 * peer, unless the peer is trusted: then it is the rightmost address of X-Forwarded-For that is not
 * itself a trusted proxy (so a client cannot choose its own address by sending the field). That one
 * address is what every later consumer uses: throttling keys, the journal, logs.
 */
public final class TrustedProxies {
    /** Trusts no one: X-Forwarded-For is never believed. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    /** One network: its address bytes (4 or 16) and prefix length. */
    private record Network(byte[] address, int prefix, String text) {
        boolean contains(byte[] ip) {
            if (ip.length != address.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (ip[i] != address[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (ip[full] & mask) == (address[full] & mask);
        }
    }

    private final List<Network> networks;

    private TrustedProxies(List<Network> networks) {
        this.networks = networks;
    }

    /**
     * @param cidrs addresses or networks ({@code 10.0.0.0/8}, {@code 192.0.2.7}, {@code fd00::/8})
     * @throws IllegalArgumentException naming the first entry that is not one
     */
    public static TrustedProxies of(List<String> cidrs) {
        List<Network> networks = new ArrayList<>();
        for (String cidr : cidrs) {
            networks.add(parse(cidr));
        }
        return new TrustedProxies(List.copyOf(networks));
    }

    private static Network parse(String cidr) {
        int slash = cidr.indexOf('/');
        String host = slash < 0 ? cidr : cidr.substring(0, slash);
        byte[] address = NetUtil.createByteArrayFromIpAddressString(host);
        if (address == null) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP address or network (e.g. 10.0.0.0/8, 192.0.2.7, fd00::/8)");
        }
        int max = address.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(cidr.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > max) {
                throw new IllegalArgumentException("'" + cidr + "': the prefix length must be 0-" + max);
            }
        }
        return new Network(address, prefix, cidr);
    }

    public boolean isEmpty() {
        return networks.isEmpty();
    }

    /**
     * The client address of a request that arrived from {@code peer}.
     *
     * @param peer the connection's remote address, as text
     */
    public String clientAddress(String peer, HttpHeaders headers) {
        if (networks.isEmpty() || !trusted(NetUtil.createByteArrayFromIpAddressString(peer))) {
            return peer;
        }
        List<String> lines = headers.getAll("X-Forwarded-For");
        String client = peer;
        for (int line = lines.size() - 1; line >= 0; line--) {
            String[] hops = lines.get(line).split(",");
            for (int i = hops.length - 1; i >= 0; i--) {
                String hop = hops[i].trim();
                byte[] ip = NetUtil.createByteArrayFromIpAddressString(hop);
                if (ip == null) {
                    return client; // garbage: the nearest hop known to be real is as far as it can be believed
                }
                client = NetUtil.bytesToIpAddress(ip);
                if (!trusted(ip)) {
                    return client;
                }
            }
        }
        return client;
    }

    /** Whether the connection's peer ({@code peer}, its address as text) is a trusted proxy. */
    public boolean trusts(String peer) {
        return !networks.isEmpty() && trusted(NetUtil.createByteArrayFromIpAddressString(peer));
    }

    private boolean trusted(byte[] ip) {
        if (ip == null) {
            return false;
        }
        for (int i = 0; i < networks.size(); i++) {
            if (networks.get(i).contains(ip)) {
                return true;
            }
        }
        return false;
    }
}
