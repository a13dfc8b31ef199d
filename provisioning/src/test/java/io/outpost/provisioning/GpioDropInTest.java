package io.outpost.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.provisioning.bundle.DeviceRequest;
import io.outpost.provisioning.bundle.InstallReport;
import io.outpost.provisioning.pki.Validity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GPIO in the provisioned sync.yaml gets the agent its access to the pins through a systemd drop-in
 * (the packaged unit has PrivateDevices= and read-only sysfs); provisioned again without GPIO, the
 * drop-in goes. A root whose /etc/group has no gpio group is told so: the unit would not start.
 */
class GpioDropInTest {
    private static final String DROP_IN = "etc/systemd/system/outpost-sync.service.d/50-outpost-provision-gpio.conf";

    @TempDir
    Path tmp;

    @Test
    void gpioInSyncYamlGetsTheAgentsDropInAndLosesItWhenReprovisionedWithout() throws Exception {
        Fixture f = Fixture.init(tmp);
        Path root = tmp.resolve("root");
        Map<String, Integer> pins = new LinkedHashMap<>();
        pins.put("ledReady", 17);
        pins.put("button", 23);
        InstallReport first = f.install(f.bundle(request(pins)), root);

        assertTrue(Files.readString(root.resolve("etc/outpost/sync.yaml")).contains("gpio:\n  ledReady: 17\n  button: 23\n"));
        Path dropIn = root.resolve(DROP_IN);
        String conf = Files.readString(dropIn);
        assertTrue(conf.contains("[Service]\nSupplementaryGroups=gpio\nReadWritePaths=/sys/class/gpio /sys/devices/platform\n"
                + "PrivateDevices=no\nDeviceAllow=char-gpiochip rw\n"), conf);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(dropIn)));
        assertTrue(first.written().contains(DROP_IN), first.written().toString());
        assertFalse(Files.exists(root.resolve("etc/systemd/system/outpost-gateway.service.d")), "no gateway drop-in is needed");
        assertTrue(first.notes().stream().anyMatch(n -> n.startsWith("no group 'gpio' in ")), first.notes().toString());
        assertTrue(first.notes().stream().anyMatch(n -> n.contains("daemon-reload")), first.notes().toString());

        Files.writeString(root.resolve("etc/group"), "root:x:0:\ngpio:x:997:\n");
        InstallReport again = f.install(f.bundle(request(pins)), root);
        assertTrue(again.unchanged().contains(DROP_IN), "a re-install leaves it: " + again.unchanged());
        assertTrue(again.notes().stream().noneMatch(n -> n.startsWith("no group") || n.contains("daemon-reload")),
                again.notes().toString());

        InstallReport without = f.install(f.bundle(request(Map.of())), root);
        assertFalse(Files.exists(dropIn));
        assertTrue(without.removed().contains(DROP_IN), without.removed().toString());
        assertFalse(Files.readString(root.resolve("etc/outpost/sync.yaml")).contains("gpio:"));
    }

    private static DeviceRequest request(Map<String, Integer> gpio) {
        DeviceRequest r = Fixture.request("gw1", null, Validity.days(Instant.now(), 30), 0);
        return new DeviceRequest(r.name(), r.dns(), r.ips(), r.csr(), r.keyPassphrase(), r.validity(), r.ports(),
                r.managementUrl(), r.managementCa(), r.clientCas(), r.jwtIssuers(), r.updateBundles(), r.artifact(), gpio);
    }
}
