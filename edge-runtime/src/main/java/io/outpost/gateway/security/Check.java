package io.outpost.gateway.security;

import io.outpost.gateway.http.Faults.Fault;
import io.outpost.gateway.pipeline.Identity;
import java.util.concurrent.CompletionStage;

/**
 * What one credential check says about the credential it was given (docs/architecture.md,
 * "Security"). The authentication stage combines checks by the route's requirements (OR of ANDs).
 */
public sealed interface Check permits Check.Accepted, Check.Refused, Check.Deferred {

    /** The credential is good; the identity says who is behind it (see docs/security.md, "Identities"). */
    record Accepted(Identity identity) implements Check {}

    /**
     * The credential is there but not good enough: invalid (401 / 900901), expired, revoked, not
     * subscribed (403 / 900908), not allowed for this API. The fault carries no detail that helps an
     * attacker.
     */
    record Refused(Fault fault) implements Check {}

    /**
     * The answer needs work off the event loop (a password hash): the stage waits for it with a
     * pending verdict and asks again with the answer in hand. {@code later} never completes
     * with another Deferred.
     */
    record Deferred(CompletionStage<Check> later) implements Check {}
}
