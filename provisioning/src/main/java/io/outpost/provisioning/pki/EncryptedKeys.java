package io.outpost.provisioning.pki;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

/**
 * Private keys encrypted at rest: PKCS#8 "ENCRYPTED PRIVATE KEY" PEM, PBES2 with PBKDF2-HMAC-SHA256
 * and AES-256-CBC, the form {@code openssl pkcs8} reads, so an operator can always get a key back
 * without Outpost. The iteration count makes a guessed passphrase cost a few hundred ms each.
 */
public final class EncryptedKeys {
    static final int ITERATIONS = 600_000;

    private EncryptedKeys() {}

    /** A key that cannot be decrypted: wrong passphrase, or not an encrypted key. */
    public static final class WrongPassphrase extends Exception {
        WrongPassphrase(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static String encrypt(PrivateKeyInfo key, char[] passphrase) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
                    .setPRF(PKCS8Generator.PRF_HMACSHA256)
                    .setIterationCount(ITERATIONS)
                    .setProvider(Bc.PROVIDER)
                    .setPassword(passphrase)
                    .build();
            return Pem.encode("ENCRYPTED PRIVATE KEY", new PKCS8Generator(key, encryptor).generate().getContent());
        } catch (OperatorCreationException | org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalStateException("cannot encrypt a key: " + e.getMessage(), e);
        }
    }

    /** @param source names the file in messages */
    public static PrivateKeyInfo decrypt(byte[] pem, char[] passphrase, String source) throws WrongPassphrase, IOException {
        Object parsed;
        try (PEMParser parser = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            parsed = parser.readObject();
        }
        if (!(parsed instanceof PKCS8EncryptedPrivateKeyInfo encrypted)) {
            throw new IOException(source + ": not an encrypted PKCS#8 private key (ENCRYPTED PRIVATE KEY PEM)");
        }
        try {
            return encrypted.decryptPrivateKeyInfo(
                    new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(Bc.PROVIDER).build(passphrase));
        } catch (PKCSException | OperatorCreationException e) {
            throw new WrongPassphrase(source + ": wrong passphrase (the key does not decrypt with it)", e);
        }
    }
}
