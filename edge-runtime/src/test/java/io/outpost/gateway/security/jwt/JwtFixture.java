package io.outpost.gateway.security.jwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.outpost.common.yaml.ConfigException;
import io.outpost.common.yaml.ConfigReader;
import io.outpost.gateway.security.ApiRef;
import io.outpost.gateway.security.Check;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A gateway.yaml's JWT settings read by the real reader, and a clock the tests move: the system
 * clock of a {@link ClockFloor#persistent} floor under the test's state directory.
 */
final class JwtFixture implements AutoCloseable {
    /** 2030-03-17: past the built-in floor, so the test clock is what counts. */
    static final long NOW = 1_900_000_000L;
    static final ApiRef PIZZA = new ApiRef("PizzaShackAPI", "1.0.0", "/pizzashack");
    static final ApiRef PETS = new ApiRef("PetStoreAPI", "1.0.0", "/petstore/v1");

    final Path dir;
    final AtomicLong millis = new AtomicLong(NOW * 1000);
    final ClockFloor clock;

    JwtFixture(Path dir) {
        this.dir = dir;
        this.clock = ClockFloor.persistent(dir.resolve("state"), millis::get);
    }

    long now() {
        return millis.get() / 1000;
    }

    void advanceSeconds(long seconds) {
        millis.addAndGet(seconds * 1000);
    }

    /** Reads {@code security:} of this gateway.yaml text (written to the fixture's folder). */
    JwtSettings settings(String yaml) throws IOException, ConfigException {
        Path file = Files.writeString(dir.resolve("gateway.yaml"), yaml);
        ConfigReader r = ConfigReader.open(file);
        JsonNode security = r.root().get("security");
        JsonNode apiKeys = security.get("apiKeys");
        JwtSettings settings = JwtSettings.read(r, "/security", r.object("/security", security, "jwt"),
                apiKeys == null ? null : apiKeys.get("issuers"));
        r.failIfProblems();
        return settings;
    }

    /** One bearer issuer, {@link Tokens#ISSUER}, with these lines of its entry (e.g. "jwks: [k.jwks]"). */
    JwtSettings oneIssuer(String... lines) throws IOException, ConfigException {
        StringBuilder yaml = new StringBuilder("security:\n  jwt:\n    issuers:\n      - issuer: " + Tokens.ISSUER + "\n");
        for (String line : lines) {
            yaml.append("        ").append(line).append('\n');
        }
        return settings(yaml.toString());
    }

    CredentialCheck bearer(JwtSettings settings) {
        return JwtChecks.bearer(settings, TrustBundles.NONE, clock);
    }

    CredentialCheck bearer(JwtSettings settings, TrustBundles bundles) {
        return JwtChecks.bearer(settings, bundles, clock);
    }

    CredentialCheck apiKey(JwtSettings settings) {
        return JwtChecks.apiKey(settings, TrustBundles.NONE, clock);
    }

    static boolean accepted(Check check) {
        return check instanceof Check.Accepted;
    }

    @Override
    public void close() {
        clock.close();
    }
}
