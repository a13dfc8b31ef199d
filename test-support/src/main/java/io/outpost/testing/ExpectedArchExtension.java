package io.outpost.testing;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails every test class whose JVM is not on the run's expected architecture. Registered through
 * META-INF/services and active only where Surefire enables extension autodetection (the arm64 profile),
 * so the emulated run cannot quietly pass on the host's JVM.
 */
public final class ExpectedArchExtension implements BeforeAllCallback {
    @Override
    public void beforeAll(ExtensionContext context) {
        Emulation.checkArch("the test JVM of " + context.getDisplayName());
    }
}
