package io.outpost.gateway.pipeline;

/**
 * Told of an exchange's body bytes as they stream, request and response alike (bandwidth quotas
 * count them). Called on the exchange's event loop, once per piece of body: must be cheap and
 * must not block. Set by a stage through {@link ExchangeContext#meterBytes}; an exchange without
 * one pays a null check per piece.
 */
@FunctionalInterface
public interface ByteMeter {
    void bytes(long count);

    /** Both, in order (two stages that meter). */
    static ByteMeter both(ByteMeter first, ByteMeter second) {
        return first == null ? second : count -> {
            first.bytes(count);
            second.bytes(count);
        };
    }
}
