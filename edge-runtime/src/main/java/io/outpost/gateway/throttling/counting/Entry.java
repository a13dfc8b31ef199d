package io.outpost.gateway.throttling.counting;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** A key's place in a policy's table: the slot of the latest window it was counted in. */
final class Entry {
    private static final VarHandle SLOT;

    static {
        try {
            SLOT = MethodHandles.lookup().findVarHandle(Entry.class, "slot", Slot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private volatile Slot slot;

    Entry(Slot slot) {
        this.slot = slot;
    }

    Slot slot() {
        return slot;
    }

    boolean replace(Slot expected, Slot update) {
        return SLOT.compareAndSet(this, expected, update);
    }
}
