package io.outpost.gateway.security.jwt;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Tokens minted at test time: well formed ones, and hand-made ones of any header and payload text. */
final class Tokens {
    static final String ISSUER = "https://idp.test/oauth2/token";
    static final String AUDIENCE = "http://org.wso2.apimgt/gateway";

    private Tokens() {}

    /** Claims good at {@code nowSeconds} for an hour. */
    static Map<String, Object> claims(long nowSeconds) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", ISSUER);
        claims.put("sub", "alice");
        claims.put("aud", AUDIENCE);
        claims.put("iat", nowSeconds);
        claims.put("exp", nowSeconds + 3600);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    /** Signed by {@code key} with its algorithm and kid. */
    static String sign(TestKeys.Signing key, Map<String, Object> claims) {
        return sign(key, new JWSHeader.Builder(key.alg()).keyID(key.kid()).build(), claims);
    }

    static String sign(TestKeys.Signing key, JWSHeader header, Map<String, Object> claims) {
        return signEncoded(key, header.toBase64URL().toString(), JSONObjectUtils.toJSONString(claims));
    }

    /** A header and payload given as text, signed by {@code key} as its algorithm. */
    static String raw(TestKeys.Signing key, String headerJson, String payloadJson) {
        return signEncoded(key, Base64URL.encode(headerJson).toString(), payloadJson);
    }

    private static String signEncoded(TestKeys.Signing key, String encodedHeader, String payloadJson) {
        String input = encodedHeader + "." + Base64URL.encode(payloadJson.getBytes(StandardCharsets.UTF_8));
        try {
            return input + "." + key.signer().sign(new JWSHeader(key.alg()), input.getBytes(StandardCharsets.US_ASCII));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String b64(String text) {
        return Base64URL.encode(text.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
