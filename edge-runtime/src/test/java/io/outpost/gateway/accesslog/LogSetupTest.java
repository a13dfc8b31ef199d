package io.outpost.gateway.accesslog;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.outpost.common.logging.LogSetup;
import io.outpost.common.logging.LogSettings;
import io.outpost.common.logging.LogSettings.Level;
import io.outpost.common.logging.LogSettings.Timestamps;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings put into slf4j-simple, the gateway's binding, with no JVM property: loggers made before
 * (as Netty's are while gateway.yaml is read) get their level anew, loggers made after follow the areas.
 */
class LogSetupTest {
    @AfterEach
    void restore() {
        LogSetup.apply(LogSettings.DEFAULT, Map.of());
    }

    @Test
    void areasAndTheDefaultLevelApplyToLoggersMadeBeforeAndAfter() {
        Logger early = LoggerFactory.getLogger("io.outpost.gateway.endpoint.EarlyForTest");
        Logger chronicle = LoggerFactory.getLogger("net.openhft.chronicle.core.Jvm");
        assertFalse(early.isDebugEnabled());
        assertFalse(chronicle.isInfoEnabled(), "Chronicle's info is off by simplelogger.properties");

        assertTrue(LogSetup.apply(new LogSettings(Level.WARN, Map.of("backend", Level.DEBUG, "chronicle", Level.INFO),
                Timestamps.OFF, false), Map.of()), "slf4j-simple re-read");
        assertTrue(early.isDebugEnabled(), "a logger made before the settings takes its area's level");
        assertTrue(chronicle.isInfoEnabled());
        Logger late = LoggerFactory.getLogger("io.outpost.gateway.security.LateForTest");
        assertFalse(late.isInfoEnabled(), "no area: the default level, warn");
        assertTrue(late.isWarnEnabled());
        Logger named = LoggerFactory.getLogger("io.outpost.gateway.proxy.Named");
        assertTrue(named.isDebugEnabled(), "proxy is in the backend area");

        LogSetup.apply(new LogSettings(Level.INFO, Map.of("io.outpost.gateway.security.LateForTest", Level.ERROR), Timestamps.ISO,
                false), Map.of());
        assertFalse(early.isDebugEnabled(), "the previous settings' areas are gone");
        assertFalse(chronicle.isInfoEnabled(), "back to simplelogger.properties");
        assertFalse(late.isWarnEnabled(), "a logger name as an area");
        assertTrue(LoggerFactory.getLogger("io.outpost.gateway.Other").isInfoEnabled());
    }

    @Test
    void theAccessLogIsOnAtInfoEvenUnderAWarnDefault() {
        LogSetup.apply(new LogSettings(Level.WARN, Map.of(), Timestamps.OFF, true), Map.of());
        assertTrue(LoggerFactory.getLogger(io.outpost.common.logging.AccessLogNames.LOGGER).isInfoEnabled());
    }
}
