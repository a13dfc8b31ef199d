package io.outpost.testing.netaudit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What left the audited namespace since it was made: every IP packet its processes (or its kernel
 * on their behalf) sent on any interface but loopback, counted and grouped by destination, and every
 * frame of any protocol that reached the other end of its only link.
 *
 * @param packetsLeaving IP packets sent out of the namespace (nftables output hook, all but lo)
 * @param bytesLeaving   their bytes (IP headers included)
 * @param framesArriving frames of any protocol that arrived at the far end of the link (netdev ingress)
 * @param destinations   the packets by destination address, protocol and port (-1 for protocols without ports)
 */
public record AuditReport(long packetsLeaving, long bytesLeaving, long framesArriving, List<Destination> destinations) {

    public record Destination(String address, String protocol, int port, long packets, long bytes) {
        @Override
        public String toString() {
            return (address.contains(":") ? "[" + address + "]" : address) + " " + protocol + (port < 0 ? "" : "/" + port)
                    + ": " + packets + " packets, " + bytes + " bytes";
        }
    }

    /** Nothing left the namespace at all. */
    public boolean silent() {
        return packetsLeaving == 0 && framesArriving == 0 && destinations.isEmpty();
    }

    /** At least one packet went to {@code address} ({@code protocol} as nft names it: tcp, udp; port -1 = any). */
    public boolean saw(String address, String protocol, int port) {
        return destinations.stream().anyMatch(d -> d.address().equals(address) && d.protocol().equals(protocol)
                && (port < 0 || d.port() == port));
    }

    /** Destinations whose address does not start with one of {@code prefixes}. */
    public List<Destination> outside(List<String> prefixes) {
        return destinations.stream().filter(d -> prefixes.stream().noneMatch(d.address()::startsWith)).toList();
    }

    @Override
    public String toString() {
        return "network audit: " + packetsLeaving + " packets (" + bytesLeaving + " bytes) left the namespace, "
                + framesArriving + " frames arrived at the far end of its link"
                + (destinations.isEmpty() ? "" : destinations.stream().map(d -> "\n  " + d).collect(Collectors.joining()));
    }

    /** From {@code nft -j list table inet ...}: the named counter and the dynamic sets keyed by destination. */
    static AuditReport parse(JsonNode leavingTable, JsonNode arrivingCounter) {
        long packets = 0;
        long bytes = 0;
        List<Destination> destinations = new ArrayList<>();
        for (JsonNode item : leavingTable.path("nftables")) {
            JsonNode counter = item.path("counter");
            if (counter.isObject()) {
                packets = counter.path("packets").asLong();
                bytes = counter.path("bytes").asLong();
            }
            for (JsonNode e : item.path("set").path("elem")) {
                JsonNode elem = e.path("elem");
                JsonNode key = elem.path("val").path("concat");
                destinations.add(new Destination(key.get(0).asText(), key.get(1).asText(),
                        key.size() > 2 ? key.get(2).asInt() : -1,
                        elem.path("counter").path("packets").asLong(), elem.path("counter").path("bytes").asLong()));
            }
        }
        long frames = 0;
        for (JsonNode item : arrivingCounter.path("nftables")) {
            frames += item.path("counter").path("packets").asLong();
        }
        return new AuditReport(packets, bytes, frames, List.copyOf(destinations));
    }
}
