#!/usr/bin/env python3
"""vm-test's token issuer on the host (vm-test/README.md): what an identity provider would be.

jwt.py keys DIR                 RSA 2048 key DIR/issuer.key.pem and its JWKS DIR/issuer.jwks.json (kid vm-test-1),
                                the file `outpost provision device --jwt-issuer ISS=JWKS` takes
jwt.py mint KEY ISS [JTI]       an RS256 JWT signed by KEY: iss, sub, iat, exp (+1 h), jti; printed on stdout

RS256 rather than ES256 so the signature needs no DER-to-R||S step; the gateway checks it as any
WSO2 key manager's token (docs/security.md, "How a token is checked")."""
import base64, json, os, sys, time, uuid

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa

KID = "vm-test-1"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def uint(n: int) -> str:
    return b64(n.to_bytes((n.bit_length() + 7) // 8, "big"))


def keys(folder):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    with open(os.path.join(folder, "issuer.key.pem"), "wb") as f:
        f.write(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    pub = key.public_key().public_numbers()
    jwks = {"keys": [{"kty": "RSA", "kid": KID, "use": "sig", "alg": "RS256", "n": uint(pub.n), "e": uint(pub.e)}]}
    with open(os.path.join(folder, "issuer.jwks.json"), "w") as f:
        json.dump(jwks, f)


def mint(key_file, issuer, jti=None):
    with open(key_file, "rb") as f:
        key = serialization.load_pem_private_key(f.read(), password=None)
    now = int(time.time())
    header = {"alg": "RS256", "typ": "JWT", "kid": KID}
    claims = {"iss": issuer, "sub": "vm-test-user", "iat": now, "exp": now + 3600, "jti": jti or uuid.uuid4().hex}
    signing_input = f"{b64(json.dumps(header, separators=(',', ':')).encode())}.{b64(json.dumps(claims, separators=(',', ':')).encode())}"
    signature = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    print(f"{signing_input}.{b64(signature)}")


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "keys":
        keys(sys.argv[2])
    elif len(sys.argv) in (4, 5) and sys.argv[1] == "mint":
        mint(*sys.argv[2:])
    else:
        sys.exit(__doc__)
