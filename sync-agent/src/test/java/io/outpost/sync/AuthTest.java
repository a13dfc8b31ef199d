package io.outpost.sync;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.testing.JavaProcess;
import io.outpost.testing.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the agent proves who it is: a client certificate (mTLS, test CA made here) or a bearer token. */
class AuthTest {
    @TempDir
    Path dir;

    @Test
    void withAClientCertificateEventsFlowAndWithoutOneTheReceiverRefusesTheAgent() throws Exception {
        TestCa ca = TestCa.create(dir.resolve("pki"));
        TestCa.Issued server = ca.issue("mgmt", Set.of(TestCa.Usage.SERVER), "localhost", "127.0.0.1");
        TestCa.Issued device = ca.issue("edge-1", Set.of(TestCa.Usage.CLIENT));
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, "edge-1");
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0, "--tls-cert", server.certPem().toString(),
                     "--tls-key", server.keyPem().toString(), "--client-ca", ca.caPem().toString())) {
            assertEquals("https", receiver.scheme);
            journal.append(300);
            // Without a client certificate: the TLS handshake fails, nothing arrives, events stay.
            Path noCert = new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url())
                    .auth("  trustedCa: " + ca.caPem() + "\n").write(dir.resolve("no-cert.yaml"));
            try (Agent agent = Agent.start(noCert)) {
                await().atMost(Duration.ofSeconds(20)).until(() -> agent.metric("outpost_sync_failures_total{kind=\"network\"}") >= 3);
                assertEquals(0, agent.metric("outpost_sync_events_forwarded_total"));
                assertEquals(300, agent.metric("outpost_sync_backlog_events"));
            }
            assertTrue(receiver.storedIds("edge-1").isEmpty());
            // With the device certificate: all of them.
            Path withCert = new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url())
                    .auth("  auth:\n    clientCert: " + device.certPem() + "\n    clientKey: " + device.keyPem() + "\n  trustedCa: " + ca.caPem() + "\n")
                    .write(dir.resolve("mtls.yaml"));
            try (Agent agent = Agent.start(withCert)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.storedIds("edge-1").size() == 300);
                assertEquals(JournalIds.all(journalDir), receiver.storedIds("edge-1"));
            }
        }
    }

    @Test
    void aWrongBearerTokenIsRetriedSlowlyAndARotatedTokenIsPickedUpWithoutRestart() throws Exception {
        Path serverToken = dir.resolve("server.token");
        Files.writeString(serverToken, "right-token\n");
        Path agentToken = dir.resolve("agent.token");
        Files.writeString(agentToken, "wrong-token\n");
        Path journalDir = dir.resolve("journal");
        try (Journal journal = Journal.create(journalDir, "edge-2");
             Receiver receiver = Receiver.start(dir.resolve("mgmt"), 0, "--token-file", serverToken.toString());
             Agent agent = Agent.start(new SyncYaml(journalDir, dir.resolve("state")).url(receiver.url())
                     .auth("  auth:\n    bearerTokenFile: " + agentToken + "\n").write(dir.resolve("sync.yaml")))) {
            journal.append(50);
            await().atMost(Duration.ofSeconds(20)).until(() -> agent.metric("outpost_sync_failures_total{kind=\"rejected\"}") >= 1);
            assertTrue(agent.process.output().contains("failed (rejected: 401"), agent.process.output());
            Files.writeString(agentToken, "right-token\n");
            await().atMost(Duration.ofSeconds(30)).until(() -> receiver.storedIds("edge-2").size() == 50);
        }
    }

    @Test
    void aBadSyncYamlStopsTheAgentWithEveryProblemAndItsPosition() throws Exception {
        Path config = dir.resolve("sync.yaml");
        Files.writeString(config, "management:\n  url: http://127.0.0.1:9\n  retries: 3\nbatch:\n  maxEvents: 0\n");
        JavaProcess.Result r = Agent.command(Duration.ofSeconds(30), "run", "--config", config.toString());
        assertEquals(3, r.exitCode(), r.output());
        assertTrue(r.output().contains(config + ":3:3: error: management.retries: unknown key; expected one of "), r.output());
        assertTrue(r.output().contains(config + ":5:3: error: batch.maxEvents: must be a whole number from 1 to 100000 (got 0)"), r.output());
        // Bare `outpost sync --config F` is `run` as well.
        assertEquals(3, Agent.command(Duration.ofSeconds(30), "--config", config.toString()).exitCode());
    }
}
