package io.outpost.gateway.pipeline;

import java.util.List;
import java.util.Map;

/**
 * Who a security stage found behind a request: what later stages (authorization, throttling,
 * endpoint choice) and the journal record use. The contract for the security issue; nothing sets
 * it yet.
 *
 * @param keyType PRODUCTION or SANDBOX: chooses the endpoint set
 */
public record Identity(String subject, String applicationId, String applicationName, String applicationTier,
                       String subscriptionTier, String keyType, List<String> scopes, Map<String, Object> claims) {}
