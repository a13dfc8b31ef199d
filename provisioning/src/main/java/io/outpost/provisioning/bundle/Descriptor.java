package io.outpost.provisioning.bundle;


/**
 * {@code provision.json}: what the bundle is for. {@code kind} keeps an artifact (same signed-file
 * format, signed by a publisher key) from ever being taken for a provisioning bundle and back.
 *
 * @param deviceKey "encrypted" (the key travels in the bundle, encrypted to the installer's
 *                  passphrase) or "on-device" (made by {@code provision csr}; the bundle has none)
 */
public record Descriptor(String kind, int format, String device, String createdAt, String deviceKey) {
    public static final String KEY_ENCRYPTED = "encrypted";
    public static final String KEY_ON_DEVICE = "on-device";
}
