package dev.tailtalos.sim;

import com.google.protobuf.Any;
import com.google.protobuf.Message;
import dev.tailtalos.common.talos.TalosResources;
import dev.tailtalos.proto.talos.machine.Event;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * machined's event buffer: events since boot (cleared on every boot), with subscribers for live streaming.
 * Payloads use Talos' type URLs ({@code talos/runtime/machine.MachineStatusEvent}).
 */
final class EventLog {

    private static final int KEPT_EVENTS = 200;
    private static final char[] BASE32HEX = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Deque<Event> events = new ArrayDeque<>();
    private final List<Consumer<Event>> subscribers = new CopyOnWriteArrayList<>();
    private final Map<Consumer<Event>, Runnable> endings = new ConcurrentHashMap<>();

    void publish(Message payload, String actorId) {
        Event event = Event.newBuilder()
                .setData(Any.newBuilder().setTypeUrl(TalosResources.EVENT_TYPE_PREFIX
                        + payload.getDescriptorForType().getFullName()).setValue(payload.toByteString()))
                .setId(newId())
                .setActorId(actorId == null ? "" : actorId)
                .build();
        synchronized (events) {
            events.addLast(event);
            if (events.size() > KEPT_EVENTS) {
                events.removeFirst();
            }
        }
        subscribers.forEach(subscriber -> subscriber.accept(event));
    }

    void clear() {
        synchronized (events) {
            events.clear();
        }
    }

    /** {@code tailEvents < 0}: all buffered events; otherwise the last N. */
    List<Event> tail(int tailEvents) {
        synchronized (events) {
            List<Event> all = new ArrayList<>(events);
            int from = tailEvents < 0 ? 0 : Math.max(0, all.size() - tailEvents);
            return List.copyOf(all.subList(from, all.size()));
        }
    }

    /** Subscribes and returns the tail atomically, so no event falls between the two. */
    List<Event> subscribe(int tailEvents, Consumer<Event> subscriber, Runnable onEnd) {
        synchronized (events) {
            subscribers.add(subscriber);
            endings.put(subscriber, onEnd);
            return tail(tailEvents);
        }
    }

    void unsubscribe(Consumer<Event> subscriber) {
        subscribers.remove(subscriber);
        endings.remove(subscriber);
    }

    /** Ends every open stream cleanly (the node is going down); clients reconnect, as talosctl does on EOF. */
    void endStreams() {
        for (Consumer<Event> subscriber : List.copyOf(subscribers)) {
            Runnable end = endings.remove(subscriber);
            subscribers.remove(subscriber);
            if (end != null) {
                end.run();
            }
        }
    }

    /** An xid-shaped id (20 base32hex characters), as machined uses for events. */
    static String newId() {
        byte[] bytes = new byte[12];
        long seconds = System.currentTimeMillis() / 1000;
        bytes[0] = (byte) (seconds >> 24);
        bytes[1] = (byte) (seconds >> 16);
        bytes[2] = (byte) (seconds >> 8);
        bytes[3] = (byte) seconds;
        byte[] tail = new byte[8];
        RANDOM.nextBytes(tail);
        System.arraycopy(tail, 0, bytes, 4, 8);
        StringBuilder id = new StringBuilder(20);
        long buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = buffer << 8 | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                id.append(BASE32HEX[(int) (buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            id.append(BASE32HEX[(int) (buffer << (5 - bits)) & 31]);
        }
        return id.toString();
    }
}
