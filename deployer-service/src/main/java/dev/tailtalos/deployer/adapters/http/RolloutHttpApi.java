package dev.tailtalos.deployer.adapters.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.common.events.EventPublisher;
import dev.tailtalos.common.events.Topics;
import dev.tailtalos.deployer.adapters.RolloutCoordinator;
import dev.tailtalos.proto.events.v1.EventEnvelope;
import dev.tailtalos.proto.events.v1.RolloutControl;
import dev.tailtalos.proto.events.v1.RolloutStatus;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The deployer's HTTP API. {@code GET /api/v1/rollouts} and {@code GET /api/v1/rollouts/{id}} answer RolloutStatus as
 * JSON (proto field names); {@code POST /api/v1/rollouts/{id}/pause|resume|abort|promote?by=&reason=} publishes a
 * rollout.control command (so it survives restarts like everything else) and answers 202 with its event id.
 */
@RestController
@RequestMapping(path = "/api/v1/rollouts", produces = MediaType.APPLICATION_JSON_VALUE)
public class RolloutHttpApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonFormat.Printer JSON = JsonFormat.printer().preservingProtoFieldNames();
    private final RolloutCoordinator coordinator;
    private final EventPublisher publisher;

    public RolloutHttpApi(RolloutCoordinator coordinator, EventPublisher publisher) {
        this.coordinator = coordinator;
        this.publisher = publisher;
    }

    @GetMapping
    public ResponseEntity<String> list() {
        StringBuilder out = new StringBuilder("{\"rollouts\":[");
        coordinator.statuses().stream()
                .sorted(Comparator.comparing((RolloutStatus s) -> s.getStartedAt().getSeconds()))
                .forEach(s -> out.append(out.charAt(out.length() - 1) == '[' ? "" : ",").append(json(s)));
        return ResponseEntity.ok(out.append("]}").toString());
    }

    @GetMapping("/{id}")
    public ResponseEntity<String> get(@PathVariable("id") String id) {
        Optional<RolloutStatus> status = coordinator.currentStatus(id);
        return status.map(s -> ResponseEntity.ok(json(s))).orElseGet(() -> error(HttpStatus.NOT_FOUND,
                "no rollout " + id));
    }

    @PostMapping("/{id}/{command}")
    public ResponseEntity<String> control(@PathVariable("id") String id, @PathVariable("command") String command,
                                          @RequestParam(name = "by", defaultValue = "http") String by,
                                          @RequestParam(name = "reason", defaultValue = "") String reason) {
        RolloutControl.Command c;
        try {
            c = RolloutControl.Command.valueOf(command.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            c = RolloutControl.Command.COMMAND_UNSPECIFIED;
        }
        if (c == RolloutControl.Command.COMMAND_UNSPECIFIED || c == RolloutControl.Command.UNRECOGNIZED) {
            return error(HttpStatus.BAD_REQUEST, "unknown command '" + command
                    + "': use pause, resume, abort or promote");
        }
        Optional<RolloutStatus> status = coordinator.currentStatus(id);
        if (status.isEmpty()) {
            return error(HttpStatus.NOT_FOUND, "no rollout " + id);
        }
        if (!status.get().getState().equals("RUNNING")) {
            return error(HttpStatus.CONFLICT, "rollout " + id + " is " + status.get().getState()
                    + " already: " + status.get().getReason());
        }
        EventEnvelope sent = publisher.publish(Topics.ROLLOUT_CONTROL, id, RolloutControl.newBuilder()
                .setRolloutId(id).setCommand(c).setRequestedBy(by).setReason(reason).build(), id, null);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(object("rollout_id", id, "command",
                c.name(), "event_id", sent.getEventId()));
    }

    private static ResponseEntity<String> error(HttpStatus status, String message) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON)
                .body(object("error", message));
    }

    private static String json(MessageOrBuilder m) {
        try {
            return JSON.print(m);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String object(String... keyValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put(keyValues[i], keyValues[i + 1]);
        }
        try {
            return MAPPER.writeValueAsString(map);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
