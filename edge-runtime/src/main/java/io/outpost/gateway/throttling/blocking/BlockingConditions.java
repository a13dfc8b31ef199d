package io.outpost.gateway.throttling.blocking;

import io.outpost.common.bundle.content.Blocking;
import io.outpost.common.model.ApiDefinition;
import io.outpost.gateway.pipeline.Identity;
import io.outpost.gateway.updates.AppliedUpdates;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The blocking conditions in force for one generation (docs/throttling.md, "Blocking conditions"):
 * gateway.yaml's {@code throttling.blocking}, the provisioned baseline, plus the applied
 * {@code blocking} bundle, which adds to it and never removes from it. Immutable; a new bundle or
 * configuration makes a new instance with the new generation.
 */
public final class BlockingConditions {
    public static final BlockingConditions NONE = new BlockingConditions(Blocking.NONE);
    /** WSO2 writes a super-tenant user either way; a tenant's users keep their domain. */
    private static final String SUPER_TENANT = "@carbon.super";

    /** What a request was blocked for: the journal's throttle tier of a blocked request. */
    public enum Kind {
        IP("ip"), APPLICATION("application"), USER("user"), API("api");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final AddressSet ips;
    private final Set<String> applications;
    private final boolean ownerNames;
    private final Set<String> users;
    private final Set<String> apis;
    private final boolean empty;

    private BlockingConditions(Blocking all) {
        this.ips = AddressSet.of(all.ips());
        this.applications = Set.copyOf(all.applications());
        this.ownerNames = all.applications().stream().anyMatch(a -> a.indexOf(':') > 0);
        Set<String> names = new HashSet<>();
        all.users().forEach(u -> names.add(user(u)));
        this.users = Set.copyOf(names);
        this.apis = Set.copyOf(all.apis());
        this.empty = all.isEmpty();
    }

    /** gateway.yaml's conditions with the applied bundle's added. */
    public static BlockingConditions of(Blocking baseline, Blocking bundle) {
        Blocking all = baseline.plus(bundle);
        return all.isEmpty() ? NONE : new BlockingConditions(all);
    }

    /** For a new generation: gateway.yaml's conditions and the {@code blocking} bundle applied now. */
    public static BlockingConditions from(BlockingSettings settings, AppliedUpdates updates) {
        return of(settings.conditions(), updates.contents().blocking());
    }

    /** No condition at all: no route gets the stage. */
    public boolean isEmpty() {
        return empty;
    }

    /** Whether {@code api} is blocked whatever the request: by its context (base path) or its Name:Version. */
    public boolean blocksApi(ApiDefinition api) {
        return !apis.isEmpty() && (apis.contains(api.basePath()) || apis.contains(api.name() + ":" + api.version()));
    }

    /** Whether a condition names client addresses (decided before authentication). */
    boolean blocksAddresses() {
        return !ips.isEmpty();
    }

    /** Whether a condition names applications or users (decided once authentication found them). */
    boolean blocksIdentities() {
        return !applications.isEmpty() || !users.isEmpty();
    }

    /**
     * The condition that blocks a request from {@code clientAddress} by {@code identity} (null when
     * not authenticated), or null when none does.
     */
    public Kind match(String clientAddress, Identity identity) {
        if (!ips.isEmpty() && ips.contains(clientAddress)) {
            return Kind.IP;
        }
        return identity == null ? null : matchIdentity(identity);
    }

    /** The condition that blocks a request by {@code identity}, or null when none does. */
    Kind matchIdentity(Identity identity) {
        if (!applications.isEmpty() && (listed(applications, identity.applicationId())
                || (ownerNames && listed(applications, ownerName(identity))))) {
            return Kind.APPLICATION;
        }
        if (!users.isEmpty() && identity.subject() != null && users.contains(user(identity.subject()))) {
            return Kind.USER;
        }
        return null;
    }

    /** Set.copyOf's sets throw on contains(null). */
    private static boolean listed(Set<String> set, String value) {
        return value != null && set.contains(value);
    }

    /** WSO2's application key {@code owner:name}, from the token's {@code application} claim; null without both. */
    private static String ownerName(Identity identity) {
        if (identity.claims() != null && identity.claims().get("application") instanceof Map<?, ?> app
                && app.get("owner") instanceof String owner && identity.applicationName() != null) {
            return owner + ":" + identity.applicationName();
        }
        return null;
    }

    private static String user(String name) {
        return name.endsWith(SUPER_TENANT) ? name.substring(0, name.length() - SUPER_TENANT.length()) : name;
    }
}
