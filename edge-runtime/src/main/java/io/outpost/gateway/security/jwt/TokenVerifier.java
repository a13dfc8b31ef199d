package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.util.Base64URL;
import java.text.ParseException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a token seen for the first time, from configured keys only: compact JWS of base64url
 * segments, an accepted algorithm, no header that points at a key ({@code jku}, {@code x5u},
 * {@code jwk}; {@code x5c} is ignored), no critical extensions, a trusted {@code iss}, a key of that
 * issuer by {@code kid}, the signature, then {@code exp} (required), {@code nbf}, {@code iat} with
 * the skew and the audience. A refusal is logged at debug with its reason, never with the token.
 */
final class TokenVerifier {
    /** Longer tokens are refused unread: a WSO2 token with many subscriptions stays far below. */
    static final int MAX_TOKEN_CHARS = 32 * 1024;
    private static final Logger log = LoggerFactory.getLogger(TokenVerifier.class);

    private final IssuerTable issuers;
    private final long skewSeconds;

    TokenVerifier(IssuerTable issuers, long skewSeconds) {
        this.issuers = issuers;
        this.skewSeconds = skewSeconds;
    }

    /** The verified token, or null when it is refused. */
    VerifiedToken verify(String token, long nowSeconds) {
        if (token.length() > MAX_TOKEN_CHARS || !compactBase64url(token)) {
            return refused("not a compact JWS of base64url segments, or too long", null);
        }
        JWSObject jws;
        Map<String, Object> claims;
        try {
            jws = JWSObject.parse(token);
            claims = jws.getPayload().toJSONObject();
        } catch (ParseException | RuntimeException e) {
            return refused("unparseable", null);
        }
        if (claims == null) {
            return refused("payload not a JSON object", null);
        }
        JWSHeader header = jws.getHeader();
        JWSAlgorithm algorithm = header.getAlgorithm();
        if (!KeyKind.ACCEPTED.contains(algorithm)) {
            return refused("algorithm not accepted", null);
        }
        if (header.getJWKURL() != null || header.getX509CertURL() != null || header.getJWK() != null) {
            return refused("a key reference header (jku, x5u or jwk)", null);
        }
        if (header.getCriticalParams() != null || !header.isBase64URLEncodePayload()) {
            return refused("critical or b64 header parameters", null);
        }
        if (!(claims.get("iss") instanceof String iss)) {
            return refused("no iss", null);
        }
        IssuerTable.Entry entry = issuers.get(iss);
        if (entry == null) {
            return refused("untrusted issuer", null); // its iss is the sender's text: not logged
        }
        long exp = Claims.numericDate(claims.get("exp"));
        long nbf = Claims.numericDate(claims.get("nbf"));
        long iat = Claims.numericDate(claims.get("iat"));
        if (exp < 0 || nbf == Claims.INVALID || iat == Claims.INVALID) {
            return refused("exp missing, or exp, nbf or iat not a date", iss);
        }
        if (nowSeconds > exp + skewSeconds) {
            return refused("expired", iss);
        }
        if (nbf != Claims.ABSENT && nowSeconds + skewSeconds < nbf || iat != Claims.ABSENT && nowSeconds + skewSeconds < iat) {
            return refused("not yet valid (nbf or iat ahead of the clock)", iss);
        }
        JwtIssuer issuer = entry.issuer();
        if (!issuer.audiences().isEmpty() && !hasAudience(claims.get("aud"), issuer.audiences())) {
            return refused("audience", iss);
        }
        if (!signedByKeyOf(entry, jws, header)) {
            return refused("no key of the issuer verifies the signature", iss);
        }
        Object sub = claims.get("sub");
        Object jti = claims.get("jti");
        if (sub != null && !(sub instanceof String) || jti != null && !(jti instanceof String)) {
            return refused("sub or jti not a string", iss);
        }
        claims = CompactClaims.of(claims);
        return new VerifiedToken(Wso2Claims.identity(claims, issuer), exp + skewSeconds, (String) claims.get("jti"),
                Wso2Claims.clientId(claims, issuer), issuer, ApiGrant.parse(claims.get("subscribedAPIs")),
                ApiGrant.parse(claims.get("allowedAPIs")), Wso2Claims.onlyTier(claims));
    }

    private static boolean signedByKeyOf(IssuerTable.Entry entry, JWSObject jws, JWSHeader header) {
        if (!canonical(jws.getSignature())) {
            return false;
        }
        for (TrustedKey key : entry.candidates(header.getKeyID(), header.getAlgorithm())) {
            try {
                if (jws.verify(key.verifier())) {
                    return true;
                }
            } catch (JOSEException | RuntimeException e) {
                // A malformed signature for this key's algorithm: not verified by it.
            }
        }
        return false;
    }

    /**
     * The signature segment is the one encoding of its bytes (no stray trailing bits): a token has
     * one spelling, so the cache and revocation see one token, not variants of it.
     */
    private static boolean canonical(Base64URL signature) {
        return Base64URL.encode(signature.decode()).toString().equals(signature.toString());
    }

    /** Three non-empty segments of base64url characters (no padding, no spaces). */
    static boolean compactBase64url(String token) {
        int dots = 0;
        int segment = 0;
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c == '.') {
                if (segment == 0) {
                    return false;
                }
                dots++;
                segment = 0;
            } else if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
                segment++;
            } else {
                return false;
            }
        }
        return dots == 2 && segment > 0;
    }

    private static boolean hasAudience(Object aud, List<String> accepted) {
        for (String value : Claims.strings(aud, false)) {
            if (accepted.contains(value)) {
                return true;
            }
        }
        return false;
    }

    private static VerifiedToken refused(String reason, String issuer) {
        if (log.isDebugEnabled()) {
            log.debug("JWT refused: {}{}", reason, issuer == null ? "" : " (iss " + issuer + ")");
        }
        return null;
    }
}
