package io.outpost.provisioning.bundle;

/**
 * Entry names of a provisioning bundle. Each is the path it is installed at under the root, so what
 * {@code inspect} lists is exactly what {@code install} writes; {@link #KEY_ENCRYPTED} is the one
 * entry installed in another form (decrypted to {@link #KEY}).
 */
public final class Layout {
    public static final String DESCRIPTOR = "provision.json";
    public static final String KIND = "outpost-provisioning";
    public static final String FILE_EXTENSION = ".provision";

    public static final String ETC = "etc/outpost/";
    public static final String STATE = "var/lib/outpost/";
    public static final String GATEWAY_YAML = ETC + "gateway.yaml";
    public static final String SYNC_YAML = ETC + "sync.yaml";
    public static final String AUTHORITY_CERT = ETC + "trust/authority.pem";
    public static final String UPDATE_KEY = ETC + "trust/update-signing.pub.jwk";
    public static final String UPDATE_CERT = ETC + "trust/update-signing.pem";
    public static final String PUBLISHER_KEY = ETC + "trust/publisher.pub.jwk";
    public static final String PUBLISHER_CERT = ETC + "trust/publisher.pem";
    public static final String MGMT_CA = ETC + "trust/mgmt-ca.pem";
    public static final String JWT_DIR = ETC + "trust/jwt/";
    public static final String SERVER_CERT = ETC + "tls/gateway.pem";
    public static final String CLIENT_CERT = ETC + "tls/client.pem";
    public static final String CLIENT_CA = ETC + "tls/client-ca.pem";
    public static final String KEY = ETC + "tls/device.key.pem";
    public static final String KEY_ENCRYPTED = ETC + "tls/device.key.enc.pem";
    public static final String UPDATES_DIR = STATE + "updates/";
    public static final String ARTIFACT = STATE + "artifact/current.outpost";
    /** Where install keeps the descriptor: what was provisioned, for the next install and for support. */
    public static final String INSTALLED_DESCRIPTOR = STATE + "provision.json";

    private Layout() {}

    public static boolean isPrivate(String entry) {
        return entry.equals(KEY) || entry.equals(KEY_ENCRYPTED) || entry.startsWith(STATE);
    }
}
