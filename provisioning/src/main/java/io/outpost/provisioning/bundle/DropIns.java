package io.outpost.provisioning.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The systemd drop-ins the configuration needs (docs/device.md). The packaged units have an empty
 * capability set and no devices: a listener below 1024 needs CAP_NET_BIND_SERVICE in both the
 * bounding and the ambient set; GPIO (sync.yaml's gpio:) needs the pins' files and devices.
 * A null content means "no drop-in": install then removes one an earlier bundle wrote.
 */
final class DropIns {
    static final String DIR = "etc/systemd/system/outpost-gateway.service.d/";
    static final String PORTS = DIR + "50-outpost-provision-ports.conf";
    static final String GPIO = "etc/systemd/system/outpost-sync.service.d/50-outpost-provision-gpio.conf";

    private DropIns() {}

    /** Each drop-in's path to its content, or to null where the configuration needs none. */
    static Map<String, byte[]> of(byte[] gatewayYaml, byte[] syncYaml) throws IOException {
        Map<String, byte[]> dropIns = new LinkedHashMap<>();
        dropIns.put(PORTS, ports(gatewayYaml));
        dropIns.put(GPIO, gpio(syncYaml));
        return dropIns;
    }

    static byte[] ports(byte[] gatewayYaml) throws IOException {
        JsonNode listeners = yaml(gatewayYaml).path("listeners");
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

    /**
     * With a gpio: section in sync.yaml, the agent's access to the pins. Pi4J 2.8.0's linuxfs provider
     * exports and drives them through sysfs (/sys/class/gpio, whose gpioN entries link into
     * /sys/devices/platform), which the unit's ProtectKernelTunables= mounts read-only; Raspberry Pi
     * OS gives those files to the gpio group. The character devices (/dev/gpiochipN, hidden by
     * PrivateDevices=) are opened too, so a provider or kernel that uses them works as well.
     */
    static byte[] gpio(byte[] syncYaml) throws IOException {
        if (syncYaml == null || !yaml(syncYaml).path("gpio").isObject()) {
            return null;
        }
        return ("# Written by outpost provision install: sync.yaml has a gpio: section (status LEDs, sync button).\n"
                + "# Pi4J's linuxfs provider drives the pins through sysfs, read-only under ProtectKernelTunables=.\n"
                + "[Service]\n"
                + "SupplementaryGroups=gpio\n"
                + "ReadWritePaths=/sys/class/gpio /sys/devices/platform\n"
                + "PrivateDevices=no\n"
                + "DeviceAllow=char-gpiochip rw\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static JsonNode yaml(byte[] bytes) throws IOException {
        JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(bytes);
        return node == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : node;
    }
}
