package io.azmonrw.proxy.auth;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** TokenManager's timers on a test clock: nothing fires until the test advances the clock past it. */
final class ManualTimers implements TokenManager.Timers {
    private record Pending(long dueAt, long id, Runnable action) {}

    private final AtomicLong clock;
    private final Map<Long, Pending> pending = new HashMap<>();
    private long nextId;

    ManualTimers(AtomicLong clock) {
        this.clock = clock;
    }

    @Override
    public synchronized long schedule(long delayMs, Runnable action) {
        long id = nextId++;
        pending.put(id, new Pending(clock.get() + delayMs, id, action));
        return id;
    }

    @Override
    public synchronized void cancel(long id) {
        pending.remove(id);
    }

    /** Moves the clock on by {@code ms} and hands back the actions now due, earliest first; the caller runs them on the context. */
    synchronized List<Runnable> advance(long ms) {
        long now = clock.addAndGet(ms);
        List<Pending> due = new ArrayList<>(
                pending.values().stream().filter(p -> p.dueAt() <= now).toList());
        due.sort(Comparator.comparingLong(Pending::dueAt).thenComparingLong(Pending::id));
        due.forEach(p -> pending.remove(p.id()));
        return due.stream().map(Pending::action).toList();
    }

    synchronized int pendingCount() {
        return pending.size();
    }
}
