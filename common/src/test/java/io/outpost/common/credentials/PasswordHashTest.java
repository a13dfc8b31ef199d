package io.outpost.common.credentials;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/**
 * Each stored form against hashes made by other implementations (the reference argon2 CLI, Apache's
 * htpasswd, WSO2's sample micro-gw.conf), right and wrong passwords, and the bounds refused at
 * config time with their fix.
 */
class PasswordHashTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String refusal(String encoded) {
        return assertThrows(CredentialFormatException.class, () -> PasswordHash.parse(encoded)).getMessage();
    }

    // echo -n "correct horse battery" | argon2 outpostsalt16byt -id -t 3 -k 12288 -p 1 -l 32 -e
    private static final String ARGON2_REFERENCE =
            "$argon2id$v=19$m=12288,t=3,p=1$b3V0cG9zdHNhbHQxNmJ5dA$UPysr+LUSplgehQtyjJydU6K4fxt3oK3SCI2COpv450";

    @Test
    void argon2idFromTheReferenceImplementation() {
        PasswordHash hash = PasswordHash.parse(ARGON2_REFERENCE);
        assertInstanceOf(Argon2idHash.class, hash);
        assertTrue(hash.matches(utf8("correct horse battery")));
        assertFalse(hash.matches(utf8("correct horse batterY")));
        assertFalse(hash.matches(utf8("")));
        assertFalse(hash.legacy());
        assertEquals(12288, hash.memoryKiB());
        assertEquals(ARGON2_REFERENCE, hash.encoded());
    }

    @Test
    void argon2idWithTwoLanesAShortOutputAndUtf8() {
        // echo -n "pässwörd" | argon2 saltsaltsaltsalt -id -t 1 -k 1024 -p 2 -l 16 -e
        PasswordHash hash = PasswordHash.parse("$argon2id$v=19$m=1024,t=1,p=2$c2FsdHNhbHRzYWx0c2FsdA$f7KKrA8XObyxdFDHvO7vXw");
        assertTrue(hash.matches(utf8("pässwörd")));
        assertFalse(hash.matches("pässwörd".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void argon2idMadeHereIsReadBack() {
        Argon2idHash made = Argon2idHash.create(utf8("s3cret"), 1024, 1, 1, RANDOM);
        PasswordHash read = PasswordHash.parse(made.encoded());
        assertTrue(read.matches(utf8("s3cret")));
        assertFalse(read.matches(utf8("s3cre")));
        assertTrue(made.encoded().startsWith("$argon2id$v=19$m=1024,t=1,p=1$"), made.encoded());
    }

    @Test
    void argon2MemoryAboveTheHeapBoundIsRefusedWithTheFix() {
        // echo -n "x" | argon2 saltsaltsaltsalt -id -t 1 -k 16385 -p 1 -e
        String message = refusal("$argon2id$v=19$m=16385,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$0OTgb4sDDlxelVgOx6I/M8auNpfrGGb9BrmlPDnqGng");
        assertTrue(message.contains("m=16385") && message.contains("16384 KiB") && message.contains("outpost hash-password"), message);
        assertTrue(refusal("$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$1Uc+mwIgvfQ2mcG012PUWytUwwd2s6q48A4SKnZdSz4")
                .contains("64 MB heap"));
        assertThrows(CredentialFormatException.class, () -> Argon2idHash.create(utf8("x"), 16385, 1, 1, RANDOM));
    }

    @Test
    void argon2OtherBoundsAndShapesAreRefused() {
        String salt = "c2FsdHNhbHRzYWx0c2FsdA";
        String hash = "0OTgb4sDDlxelVgOx6I/M8auNpfrGGb9BrmlPDnqGng";
        assertTrue(refusal("$argon2i$v=19$m=1024,t=1,p=1$" + salt + "$TpoVh9Q/iULvGhcYgbPf1dZQHNVd7PVVoasVmXcThGQ")
                .contains("only argon2id"));
        assertTrue(refusal("$argon2id$v=16$m=1024,t=1,p=1$" + salt + "$" + hash).contains("v=19"));
        assertTrue(refusal("$argon2id$v=19$m=1024,t=11,p=1$" + salt + "$" + hash).contains("t=1-10"));
        assertTrue(refusal("$argon2id$v=19$m=1024,t=0,p=1$" + salt + "$" + hash).contains("t=1-10"));
        assertTrue(refusal("$argon2id$v=19$m=1024,t=1,p=5$" + salt + "$" + hash).contains("p=1-4"));
        assertTrue(refusal("$argon2id$v=19$m=8,t=1,p=2$" + salt + "$" + hash).contains("8*p"));
        assertTrue(refusal("$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$" + hash).contains("4-byte salt"));
        assertTrue(refusal("$argon2id$v=19$m=1024,t=1,p=1$" + salt + "$AAAA").contains("3-byte hash"));
        assertTrue(refusal("$argon2id$v=19$t=1,m=1024,p=1$" + salt + "$" + hash).contains("PHC string"));
        assertTrue(refusal("$argon2id$v=19$m=99999999999,t=1,p=1$" + salt + "$" + hash).contains("PHC string"));
    }

    @Test
    void bcryptFromHtpasswdAndMadeHere() {
        // htpasswd -nbB -C 10 alice "correct horse battery"; htpasswd -nbB -C 4 bob "pässwörd"
        PasswordHash alice = PasswordHash.parse("$2y$10$l1E6zwn5MuVRvD3OZZqbi.OUA3g511bzyoLXBrIQfEfsFVmFeL7V2");
        assertInstanceOf(BcryptHash.class, alice);
        assertTrue(alice.matches(utf8("correct horse battery")));
        assertFalse(alice.matches(utf8("correct horse battery ")));
        assertFalse(alice.matches(utf8("")));
        assertTrue(PasswordHash.parse("$2y$04$1QfH.dOVdsTANcDaiHTq8edmoaQPJEchU154J0c5mlAeNqAkcJMIm").matches(utf8("pässwörd")));

        BcryptHash made = BcryptHash.create(utf8("s3cret"), 4, RANDOM);
        assertTrue(made.encoded().startsWith("$2b$04$"), made.encoded());
        assertTrue(PasswordHash.parse(made.encoded()).matches(utf8("s3cret")));
        assertTrue(PasswordHash.parse(made.encoded().replace("$2b$", "$2a$")).matches(utf8("s3cret")));
        assertFalse(PasswordHash.parse(made.encoded()).matches(utf8("s3cret!")));
    }

    @Test
    void bcryptBoundsAndShapes() {
        // htpasswd -nbB -C 15 alice x
        assertTrue(refusal("$2y$15$1hj00itc3fS53OPsVwSMquMLv8OKc6rLlwFHpTQxV3sCPvruxSmgm").contains("cost 15"));
        assertTrue(refusal("$2x$10$l1E6zwn5MuVRvD3OZZqbi.OUA3g511bzyoLXBrIQfEfsFVmFeL7V2").contains("not a bcrypt hash"));
        assertTrue(refusal("$2y$10$l1E6zwn5MuVRvD3OZZqbi.OUA3g511bzyoLXBrIQfEfsFVmFeL7V").contains("not a bcrypt hash"));
        assertThrows(CredentialFormatException.class, () -> BcryptHash.create(new byte[73], 4, RANDOM));
        assertThrows(CredentialFormatException.class, () -> BcryptHash.create(utf8("x"), 15, RANDOM));
    }

    @Test
    void wso2UnsaltedDigestsAreReadAsLegacy() {
        // WSO2's base.conf and api-key.conf: admin/admin (SHA-1 hex), prometheus "@sha256:{...}" of "password"
        PasswordHash admin = PasswordHash.parse("d033e22ae348aeb5660fc2140aec35850c4da997");
        assertTrue(admin.legacy());
        assertTrue(admin.matches(utf8("admin")));
        assertFalse(admin.matches(utf8("Admin")));
        assertTrue(PasswordHash.parse("D033E22AE348AEB5660FC2140AEC35850C4DA997").matches(utf8("admin")));
        PasswordHash prometheus = PasswordHash.parse(
                "@sha256:{5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8}");
        assertTrue(prometheus.legacy());
        assertEquals("SHA-256", ((LegacyDigest) prometheus).algorithm());
        assertTrue(prometheus.matches(utf8("password")));
        assertFalse(prometheus.matches(utf8("passwore")));
        PasswordHash sha512 = PasswordHash.parse("@sha512:{b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb9"
                + "80b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86}");
        assertTrue(sha512.matches(utf8("password")));
        assertTrue(refusal("@sha256:{5e884898}").contains("64"));
    }

    @Test
    void unknownFormsAreRefusedWithTheCommandThatMakesAGoodOne() {
        for (String bad : new String[] {"", "  ", "admin", "{SHA}0DPiKuNIrrVmD8IUCuw1hQxNqZc=", "$1$abc$def",
                "d033e22ae348aeb5660fc2140aec35850c4da99", "$5$rounds=5000$x$y", "@md5:{21232f297a57a5a743894a0e4a801fc3}"}) {
            assertTrue(refusal(bad).contains("outpost hash-password"), bad);
        }
    }

    /** Found by fuzzing (CredentialFuzzTest#storedHashFormats): these threw plain IllegalArgumentException. */
    @Test
    void undecodableSaltsAndHugeParametersAreFormatErrors() {
        String salt = refusal("$argon2id$v=19$m=14971,t=3,p=1$c2dHF$aGFzaGhhc2g");
        org.junit.jupiter.api.Assertions.assertTrue(salt.contains("salt that is not base64"), salt);
        String huge = refusal("$argon2id$v=19$m=99999999999999999999,t=3,p=1$c2FsdHNhbHQ$aGFzaGhhc2doYXNoaGFzaA");
        org.junit.jupiter.api.Assertions.assertTrue(huge.contains("KiB"), huge);
    }
}
