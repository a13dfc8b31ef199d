package io.outpost.provisioning.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The systemd drop-in the configuration needs. The packaged unit has an empty capability set; a
 * listener below 1024 needs CAP_NET_BIND_SERVICE in both the bounding and the ambient set (docs/device.md).
 * Null content means "no drop-in": install then removes one an earlier bundle wrote.
 */
final class DropIns {
    static final String DIR = "etc/systemd/system/outpost-gateway.service.d/";
    static final String PORTS = DIR + "50-outpost-provision-ports.conf";

    private DropIns() {}

    static byte[] ports(byte[] gatewayYaml) throws IOException {
        JsonNode listeners = new ObjectMapper(new YAMLFactory()).readTree(gatewayYaml).path("listeners");
        int lowest = Integer.MAX_VALUE;
        for (String name : new String[] {"http", "https"}) {
            int port = listeners.path(name).path("port").asInt(0);
            if (port > 0) {
                lowest = Math.min(lowest, port);
            }
        }
        if (lowest >= 1024) {
            return null;
        }
        return ("# Written by outpost provision install: gateway.yaml listens on port " + lowest + ", below 1024.\n"
                + "[Service]\nCapabilityBoundingSet=CAP_NET_BIND_SERVICE\nAmbientCapabilities=CAP_NET_BIND_SERVICE\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
