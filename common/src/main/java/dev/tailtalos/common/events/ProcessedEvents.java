package dev.tailtalos.common.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Remembers recently handled event ids so a redelivered event is handled once. Bounded, thread-safe. */
public final class ProcessedEvents {
    private final Set<String> seen;

    public ProcessedEvents(int capacity) {
        this.seen = Collections.newSetFromMap(Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > capacity;
            }
        }));
    }

    /** @return true the first time an id is seen. */
    public boolean firstTime(String eventId) {
        return seen.add(eventId);
    }
}
