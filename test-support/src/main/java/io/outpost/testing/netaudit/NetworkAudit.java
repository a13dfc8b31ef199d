package io.outpost.testing.netaudit;

import io.outpost.common.json.Json;
import io.outpost.testing.JavaProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An air-gap audit that sees every transport: the processes under test run in a network namespace
 * made for the test ("inside"), whose only link besides loopback is a veth pair to a second one
 * ("outside", a sink with no route anywhere: nothing can reach a real network). Inside, an nftables
 * output-hook chain counts every IP packet sent on any interface but loopback and records each
 * destination (address, protocol, port) in a dynamic set; outside, a netdev ingress counter counts
 * every frame of any protocol that arrives over the link. Both sit below the socket API, so a
 * connect made through io_uring, epoll, NIO or anything else, a UDP send and a DNS query all count.
 *
 * <p>Inside, the default routes (IPv4 and IPv6) point across the link, so an attempt to reach any
 * address off the box leaves as a packet and is seen, and {@code /etc/resolv.conf} names the outside
 * end as the only name server ({@code nsswitch.conf}: hosts from files, then DNS), so every lookup
 * not answered by {@code /etc/hosts} is a UDP packet to {@link #OUTSIDE_V4} port 53, seen too. The
 * link is quiet by construction: no ARP or neighbour discovery (NOARP on both ends, which share one
 * MAC address), no link-local address, no DAD, router solicitations or MLD, so a namespace whose
 * processes send nothing shows zero packets, not a little kernel noise.
 *
 * <p>Root is needed. Missing prerequisites fail the test in CI and abort it loudly elsewhere
 * ({@link Prerequisites}). Namespaces left behind by a killed test JVM are removed by the next start.
 */
public final class NetworkAudit implements AutoCloseable {
    public static final String INSIDE_V4 = "10.87.0.2";
    public static final String OUTSIDE_V4 = "10.87.0.1";
    public static final String INSIDE_V6 = "fd0a:6f75:7470::2";
    public static final String OUTSIDE_V6 = "fd0a:6f75:7470::1";
    /** Address prefixes of the two namespaces: the only non-loopback targets a test may name. */
    public static final List<String> TEST_NETWORKS = List.of("10.87.0.", "fd0a:6f75:7470:");
    private static final String PREFIX = "outpost-audit-";
    private static final Pattern OURS = Pattern.compile("^" + PREFIX + "(\\d+)-\\d+-(inside|outside)\\b");
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String LINK_MAC = "02:6f:75:74:70:01";

    private final String ip = Shell.find("ip").orElseThrow().toString();
    private final String nft = Shell.find("nft").orElseThrow().toString();
    private final String inside;
    private final String outside;

    private NetworkAudit(String name) {
        this.inside = name + "-inside";
        this.outside = name + "-outside";
    }

    /** Makes the two namespaces, the link and the counters; fails (in CI) or aborts the test without root, ip or nft. */
    public static NetworkAudit start() {
        Prerequisites.require();
        removeStale();
        NetworkAudit audit = new NetworkAudit(PREFIX + ProcessHandle.current().pid() + "-" + INSTANCES.incrementAndGet());
        try {
            audit.create();
            return audit;
        } catch (RuntimeException e) {
            audit.close();
            throw e;
        }
    }

    /** The command prefix that runs a program inside: {@code ip netns exec NAME} (which execs it). */
    public List<String> insidePrefix() {
        return List.of(ip, "netns", "exec", inside);
    }

    /** The same for the outside namespace, for a peer the test wants reachable across the audited link. */
    public List<String> outsidePrefix() {
        return List.of(ip, "netns", "exec", outside);
    }

    public JavaProcess.Spec inside(JavaProcess.Spec spec) {
        return spec.launcher(insidePrefix());
    }

    public JavaProcess.Spec outside(JavaProcess.Spec spec) {
        return spec.launcher(outsidePrefix());
    }

    /** Everything counted since {@link #start}. */
    public AuditReport report() {
        return AuditReport.parse(
                json(Shell.run(exec(inside, nft, "-j", "list", "table", "inet", "outpost_audit"))),
                json(Shell.run(exec(outside, nft, "-j", "list", "counter", "netdev", "outpost_audit", "arriving"))));
    }

    private void create() {
        for (String ns : List.of(inside, outside)) {
            Shell.run(List.of(ip, "netns", "add", ns));
            // Before the link exists, so both ends inherit them: no link-local address, DAD or router solicitations.
            Shell.run(exec(ns, "/bin/sh", "-c", "cd /proc/sys/net/ipv6/conf/default && echo 1 > addr_gen_mode"
                    + " && echo 0 > accept_dad && echo 0 > accept_ra && echo 0 > router_solicitations"));
        }
        Shell.run(List.of(ip, "-n", inside, "link", "add", "audit0", "address", LINK_MAC, "type", "veth",
                "peer", "name", "audit1", "address", LINK_MAC, "netns", outside));
        // NOARP: no ARP or neighbour discovery, and no solicited-node groups, hence no MLD reports.
        Shell.run(List.of(ip, "-n", inside, "link", "set", "audit0", "arp", "off"));
        Shell.run(List.of(ip, "-n", outside, "link", "set", "audit1", "arp", "off"));
        Shell.run(exec(inside, nft, "-f", "-"), """
                table inet outpost_audit {
                  counter leaving { }
                  set ports4 { type ipv4_addr . inet_proto . inet_service; flags dynamic; counter; }
                  set ports6 { type ipv6_addr . inet_proto . inet_service; flags dynamic; counter; }
                  set other4 { type ipv4_addr . inet_proto; flags dynamic; counter; }
                  set other6 { type ipv6_addr . inet_proto; flags dynamic; counter; }
                  chain leaving_packets {
                    type filter hook output priority raw; policy accept;
                    oifname "lo" accept
                    counter name leaving
                    meta l4proto { tcp, udp, udplite, sctp, dccp } jump with_port
                    meta nfproto ipv4 update @other4 { ip daddr . meta l4proto }
                    meta nfproto ipv6 update @other6 { ip6 daddr . meta l4proto }
                  }
                  chain with_port {
                    meta nfproto ipv4 update @ports4 { ip daddr . meta l4proto . th dport }
                    meta nfproto ipv6 update @ports6 { ip6 daddr . meta l4proto . th dport }
                    accept
                  }
                }
                """);
        Shell.run(exec(outside, nft, "-f", "-"), """
                table netdev outpost_audit {
                  counter arriving { }
                  chain arriving_frames {
                    type filter hook ingress device "audit1" priority 0; policy accept;
                    counter name arriving
                  }
                }
                """);
        address(inside, "audit0", INSIDE_V4 + "/24", INSIDE_V6 + "/64");
        address(outside, "audit1", OUTSIDE_V4 + "/24", OUTSIDE_V6 + "/64");
        Shell.run(List.of(ip, "-n", inside, "route", "add", "default", "via", OUTSIDE_V4));
        Shell.run(List.of(ip, "-n", inside, "-6", "route", "add", "default", "via", OUTSIDE_V6));
        writeEtc();
    }

    private void address(String ns, String dev, String v4, String v6) {
        Shell.run(List.of(ip, "-n", ns, "addr", "add", v4, "dev", dev));
        Shell.run(List.of(ip, "-n", ns, "addr", "add", v6, "dev", dev, "nodad"));
        Shell.run(List.of(ip, "-n", ns, "link", "set", "lo", "up"));
        Shell.run(List.of(ip, "-n", ns, "link", "set", dev, "up"));
    }

    /** {@code ip netns exec} bind-mounts {@code /etc/netns/NAME/*} over {@code /etc/*} for what it runs. */
    private void writeEtc() {
        try {
            Path dir = Files.createDirectories(etc(inside));
            Files.writeString(dir.resolve("resolv.conf"), "# outpost network audit: every lookup crosses the audited link\n"
                    + "nameserver " + OUTSIDE_V4 + "\noptions timeout:1 attempts:1\n");
            Path nsswitch = Path.of("/etc/nsswitch.conf");
            List<String> lines = new ArrayList<>();
            if (Files.exists(nsswitch)) {
                Files.readAllLines(nsswitch).stream().filter(l -> !l.startsWith("hosts:")).forEach(lines::add);
            }
            lines.add("hosts: files dns"); // never a resolver daemon reached over a Unix socket (systemd-resolved)
            Files.write(dir.resolve("nsswitch.conf"), lines);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + etc(inside), e);
        }
    }

    private List<String> exec(String ns, String... command) {
        List<String> cmd = new ArrayList<>(List.of(ip, "netns", "exec", ns));
        cmd.addAll(List.of(command));
        return cmd;
    }

    private static Path etc(String ns) {
        return Path.of("/etc/netns", ns);
    }

    private static com.fasterxml.jackson.databind.JsonNode json(String text) {
        try {
            return Json.mapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("nft printed no JSON: " + text, e);
        }
    }

    /** Kills what still runs in the namespaces (the test's own processes), then removes them and their /etc files. */
    @Override
    public void close() {
        for (String ns : List.of(inside, outside)) {
            try {
                for (String pid : Shell.run(List.of(ip, "netns", "pids", ns)).split("\\s+")) {
                    if (!pid.isBlank()) {
                        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
                    }
                }
            } catch (RuntimeException e) {
                // not created, or already gone
            }
            remove(ip, ns);
        }
    }

    private static void remove(String ip, String ns) {
        try {
            Shell.run(List.of(ip, "netns", "del", ns));
        } catch (RuntimeException e) {
            // not created, or already gone
        }
        try {
            Path dir = etc(ns);
            Files.deleteIfExists(dir.resolve("resolv.conf"));
            Files.deleteIfExists(dir.resolve("nsswitch.conf"));
            Files.deleteIfExists(dir); // /etc/netns itself stays: another audit may be writing into it right now
        } catch (IOException e) {
            // already gone
        }
    }

    /** Namespaces of audits whose test JVM died without closing them. */
    private static void removeStale() {
        String ip = Shell.find("ip").orElseThrow().toString();
        for (String line : Shell.run(List.of(ip, "netns", "list")).split("\n")) {
            Matcher m = OURS.matcher(line);
            if (m.find() && !ProcessHandle.of(Long.parseLong(m.group(1))).map(ProcessHandle::isAlive).orElse(false)) {
                remove(ip, line.split("\\s")[0]);
            }
        }
    }
}
