package io.outpost.provisioning.pki;

import java.security.Provider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * One BouncyCastle provider instance, passed explicitly to each builder: never registered with
 * {@code Security.addProvider}, so no other code in the JVM picks BouncyCastle by accident.
 */
public final class Bc {
    public static final Provider PROVIDER = new BouncyCastleProvider();

    private Bc() {}
}
