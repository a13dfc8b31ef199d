package io.outpost.gateway.security.jwt;

import static io.outpost.gateway.security.jwt.JwtFixture.PIZZA;
import static io.outpost.gateway.security.jwt.JwtFixture.accepted;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.jwk.Curve;
import io.outpost.gateway.security.ClockFloor;
import io.outpost.gateway.security.CredentialCheck;
import io.outpost.gateway.security.bundles.TrustBundles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clock floor: time never goes below the last known good time, kept across restarts in the
 * state directory, so a board that boots at 1970 (or at an old saved time) cannot revive expired
 * tokens.
 */
class ClockFloorTest {
    static final long T = 1_900_000_000L;

    @TempDir
    Path state;

    @Test
    void theFloorSurvivesARestartWithTheClockSetBack() throws Exception {
        AtomicLong millis = new AtomicLong(T * 1000);
        try (ClockFloor clock = ClockFloor.persistent(state, millis::get)) {
            assertEquals(T, clock.nowSeconds());
            millis.set((T + 500) * 1000);
            assertEquals(T + 500, clock.nowSeconds());
            millis.set((T - 10_000) * 1000);
            assertEquals(T + 500, clock.nowSeconds(), "set back while running");
        }
        assertEquals(String.valueOf(T + 500), Files.readString(state.resolve(ClockFloor.FILE_NAME)).trim());
        millis.set(0); // a board without RTC boots at 1970
        try (ClockFloor clock = ClockFloor.persistent(state, millis::get)) {
            assertEquals(T + 500, clock.nowSeconds());
            millis.set((T + 600) * 1000);
            assertEquals(T + 600, clock.nowSeconds(), "follows the clock once it is past the floor");
        }
    }

    @Test
    void withoutAFloorFileTheBuiltInFloorHolds() throws Exception {
        try (ClockFloor clock = ClockFloor.persistent(state.resolve("new"), () -> 0)) {
            assertEquals(ClockFloor.BUILT_AFTER_SECONDS, clock.nowSeconds());
        }
        Files.writeString(state.resolve(ClockFloor.FILE_NAME), "garbage");
        try (ClockFloor clock = ClockFloor.persistent(state, () -> 5_000)) {
            assertEquals(ClockFloor.BUILT_AFTER_SECONDS, clock.nowSeconds());
        }
        assertTrue(ClockFloor.system().nowSeconds() >= System.currentTimeMillis() / 1000 - 1);
    }

    @Test
    void aTokenExpiredByTheFloorStaysRefusedWhenTheClockIsSetBackBelowIt() throws Exception {
        TestKeys.Signing key = TestKeys.ec("k", Curve.P_256);
        Path dir = state.resolve("gw");
        Files.createDirectories(dir);
        TestKeys.jwks(dir, "k.jwks", key);
        Map<String, Object> claims = Tokens.claims(T - 7200);
        claims.put("exp", T - 3600);
        String token = Tokens.sign(key, claims);
        try (ClockFloor first = ClockFloor.persistent(dir.resolve("state"), () -> T * 1000)) {
            first.nowSeconds();
        }
        AtomicLong setBack = new AtomicLong((T - 5000) * 1000); // when the token was still good
        try (JwtFixture fx = new JwtFixture(dir);
             ClockFloor clock = ClockFloor.persistent(dir.resolve("state"), setBack::get)) {
            JwtSettings settings = fx.oneIssuer("jwks: [k.jwks]");
            CredentialCheck check = JwtChecks.bearer(settings, TrustBundles.NONE, clock);
            assertFalse(accepted(check.check(token, PIZZA)));
            Map<String, Object> fresh = Tokens.claims(T);
            assertTrue(accepted(check.check(Tokens.sign(key, fresh), PIZZA)), "judged at the floor");
        }
    }
}
