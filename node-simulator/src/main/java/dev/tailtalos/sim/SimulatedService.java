package dev.tailtalos.sim;

import com.google.protobuf.Timestamp;
import dev.tailtalos.proto.talos.machine.ServiceEvent;
import dev.tailtalos.proto.talos.machine.ServiceEvents;
import dev.tailtalos.proto.talos.machine.ServiceHealth;
import dev.tailtalos.proto.talos.machine.ServiceInfo;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/** One machined service: state, the recent state-change events, health and its log. */
final class SimulatedService {

    private static final int KEPT_EVENTS = 12;

    private final String id;
    private final ServiceLog log = new ServiceLog();
    private final Deque<ServiceEvent> events = new ArrayDeque<>();
    private String state = "Initialized";
    private boolean healthUnknown = true;
    private boolean healthy;
    private String healthMessage = "";
    private Instant healthChange = Instant.now();

    SimulatedService(String id) {
        this.id = id;
    }

    String id() {
        return id;
    }

    ServiceLog log() {
        return log;
    }

    synchronized String state() {
        return state;
    }

    synchronized boolean healthy() {
        return !healthUnknown && healthy;
    }

    synchronized void transition(String newState, String message) {
        state = newState;
        events.addLast(ServiceEvent.newBuilder().setMsg(message).setState(newState).setTs(timestamp(Instant.now()))
                .build());
        if (events.size() > KEPT_EVENTS) {
            events.removeFirst();
        }
    }

    synchronized void health(boolean unknown, boolean isHealthy, String message) {
        if (unknown != healthUnknown || isHealthy != healthy) {
            healthChange = Instant.now();
        }
        healthUnknown = unknown;
        healthy = isHealthy;
        healthMessage = message;
    }

    /** Never leaves events or health unset: talosctl dereferences both. */
    synchronized ServiceInfo info() {
        return ServiceInfo.newBuilder().setId(id).setState(state)
                .setEvents(ServiceEvents.newBuilder().addAllEvents(events))
                .setHealth(ServiceHealth.newBuilder().setUnknown(healthUnknown).setHealthy(healthy)
                        .setLastMessage(healthMessage).setLastChange(timestamp(healthChange)))
                .build();
    }

    static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
