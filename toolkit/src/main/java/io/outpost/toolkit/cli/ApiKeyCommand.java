package io.outpost.toolkit.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import io.outpost.common.signing.KeyException;
import io.outpost.toolkit.apikey.ApiKeyClaims;
import io.outpost.toolkit.apikey.ApiKeyClaims.AllowedApi;
import io.outpost.toolkit.apikey.SigningKey;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code outpost apikey issue}: a WSO2-shaped JWT API key, signed offline with the API-key issuer's
 * private key, printed alone on stdout (WSO2 issued them from {@code /apikey}). The gateway accepts
 * it when {@code security.apiKeys.issuers} lists the issuer with the public half (docs/security.md,
 * "JWT and JWT API keys").
 */
@Command(name = "apikey", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Issue JWT API keys offline.", subcommands = {ApiKeyCommand.Issue.class})
public final class ApiKeyCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                "missing subcommand: use 'outpost apikey issue --api NAME:VERSION --key KEY.pem --issuer ISS --validity 30d'");
    }

    @Command(name = "issue", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Print a JWT API key for the given APIs, signed with a PEM private key (RSA, EC P-256/P-384, Ed25519).")
    public static final class Issue extends ToolkitCommand {
        @Option(names = "--api", required = true, split = ",", paramLabel = "NAME:VERSION",
                description = "an API the key is allowed for (repeat, or separate with commas)")
        List<String> apis;

        @Option(names = "--key", required = true, paramLabel = "PRIVATE_KEY.pem", description = "the issuer's PKCS#8 PEM private key")
        Path key;

        @Option(names = "--issuer", required = true, paramLabel = "ISS", description = "the iss claim, as gateway.yaml lists it")
        String issuer;

        @Option(names = "--audience", paramLabel = "AUD", description = "the aud claim (when the issuer's audiences are checked)")
        String audience;

        @Option(names = "--kid", paramLabel = "KID", description = "the key id in the header (default: the key's RFC 7638 thumbprint)")
        String kid;

        @Option(names = "--validity", required = true, paramLabel = "DURATION", description = "how long it is good for: 30d, 12h, 90m, 3600s")
        String validity;

        @Option(names = "--subject", paramLabel = "S", defaultValue = "admin", description = "the sub claim (default: ${DEFAULT-VALUE})")
        String subject;

        @Option(names = "--application", paramLabel = "NAME", defaultValue = "DefaultApplication",
                description = "the application's name (default: ${DEFAULT-VALUE})")
        String application;

        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "PRODUCTION",
                description = "PRODUCTION or SANDBOX: the endpoints it reaches (default: ${DEFAULT-VALUE})")
        String keyType;

        @Override
        protected int run() throws UserException, KeyException {
            List<AllowedApi> allowed = new ArrayList<>();
            Duration duration;
            try {
                for (String api : apis) {
                    allowed.add(AllowedApi.parse(api));
                }
                duration = ApiKeyClaims.validity(validity);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), "e.g. --api PetStoreAPI:1.0.0 --validity 30d", UserException.USAGE);
            }
            String type = keyType.toUpperCase(java.util.Locale.ROOT);
            if (!type.equals("PRODUCTION") && !type.equals("SANDBOX")) {
                throw new UserException("--key-type must be PRODUCTION or SANDBOX (got " + keyType + ")", null, UserException.USAGE);
            }
            SigningKey signing = SigningKey.read(key);
            Instant now = Instant.now();
            JWSHeader header = new JWSHeader.Builder(signing.algorithm()).type(JOSEObjectType.JWT)
                    .keyID(kid != null ? kid : signing.thumbprint()).build();
            JWSObject jws = new JWSObject(header, new Payload(ApiKeyClaims.of(issuer, audience, subject, application, type,
                    allowed, now, duration)));
            try {
                jws.sign(signing.signer());
            } catch (JOSEException e) {
                throw new KeyException(key + ": cannot sign with this key: " + e.getMessage(), e);
            }
            out().println(jws.serialize());
            out().flush();
            err().println("API key for " + String.join(", ", apis) + " (" + type + "), kid " + header.getKeyID()
                    + ", valid until " + now.plus(duration));
            err().flush();
            return 0;
        }
    }
}
