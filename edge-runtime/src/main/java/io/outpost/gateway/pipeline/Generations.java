package io.outpost.gateway.pipeline;

/**
 * The generation in force. Swapping is one volatile write: exchanges under way keep the one they
 * started with, new ones take the new one. What carries over is decided by what the new
 * generation shares with the old (see docs/architecture.md, "Generations").
 */
public final class Generations {
    private volatile Generation current;

    public Generations(Generation first) {
        this.current = first;
    }

    public Generation current() {
        return current;
    }

    /** @return the generation replaced */
    public Generation swap(Generation next) {
        Generation previous = current;
        current = next;
        return previous;
    }
}
