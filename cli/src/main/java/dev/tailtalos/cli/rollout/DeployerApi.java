package dev.tailtalos.cli.rollout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import dev.tailtalos.proto.events.v1.RolloutStatus;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import dev.tailtalos.cli.CliHttp;
import dev.tailtalos.cli.ServiceUrl;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A client of the deployer's HTTP API ({@code /api/v1/rollouts}). */
final class DeployerApi {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final URI base;

    private final String token;

    DeployerApi(String baseUrl) {
        this(baseUrl, null);
    }

    /** @param token the deployer API's bearer token, or null to send none */
    DeployerApi(String baseUrl, String token) {
        this.base = ServiceUrl.parse(baseUrl, "--deployer (or TAILTALOS_DEPLOYER)");
        this.token = token;
    }

    List<RolloutStatus> list() {
        JsonNode body = json(send(HttpRequest.newBuilder(base.resolve("api/v1/rollouts")).GET()));
        List<RolloutStatus> out = new ArrayList<>();
        for (JsonNode n : body.path("rollouts")) {
            out.add(status(n.toString()));
        }
        return out;
    }

    RolloutStatus get(String rolloutId) {
        return status(send(HttpRequest.newBuilder(base.resolve("api/v1/rollouts/" + encode(rolloutId))).GET()));
    }

    /** @return the event id of the published command */
    String command(String rolloutId, String command, String by, String reason) {
        URI uri = base.resolve("api/v1/rollouts/" + encode(rolloutId) + "/" + command + "?by=" + encode(by)
                + "&reason=" + encode(reason));
        return json(send(HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()))).path("event_id")
                .asText();
    }

    private String send(HttpRequest.Builder request) {
        request.timeout(Duration.ofSeconds(30)).header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpRequest r = request.build();
        HttpResponse<String> response;
        try {
            response = CliHttp.client().send(r, HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new DeployerApiException("cannot reach the deployer at " + base
                    + " (is deployer-service running? set --deployer or TAILTALOS_DEPLOYER)");
        } catch (IOException e) {
            throw new DeployerApiException("deployer at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeployerApiException("interrupted");
        }
        if (response.statusCode() / 100 != 2) {
            String message = response.body();
            try {
                message = MAPPER.readTree(response.body()).path("error").asText(response.body());
            } catch (IOException ignored) {
                // not JSON: show the body as it is
            }
            throw new DeployerApiException(r.method() + " " + r.uri().getPath() + ": HTTP " + response.statusCode()
                    + ": " + message);
        }
        return response.body();
    }

    private static JsonNode json(String body) {
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new DeployerApiException("the deployer answered something that is not JSON: " + e.getMessage());
        }
    }

    static RolloutStatus status(String json) {
        RolloutStatus.Builder b = RolloutStatus.newBuilder();
        try {
            JsonFormat.parser().ignoringUnknownFields().merge(json, b);
        } catch (InvalidProtocolBufferException e) {
            throw new DeployerApiException("the deployer answered a status that is not a RolloutStatus: "
                    + e.getMessage());
        }
        return b.build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static final class DeployerApiException extends RuntimeException {
        DeployerApiException(String message) {
            super(message);
        }
    }
}
