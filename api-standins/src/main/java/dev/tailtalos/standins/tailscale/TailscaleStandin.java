package dev.tailtalos.standins.tailscale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.standins.http.StandinServer;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * A stand-in for the Tailscale API v2 (tests only), with its documented JSON shapes: the OAuth client-credentials
 * token endpoint ({@code POST /api/v2/oauth/token}, access tokens valid one hour), auth keys
 * ({@code /api/v2/tailnet/-/keys}: create with capabilities.devices.create, list ids, get without the secret, delete),
 * and devices ({@code GET /api/v2/tailnet/-/devices}, {@code GET /api/v2/device/{id}}: addresses, name, hostname,
 * connectedToControl, lastSeen, … — there is no {@code online} field). Callers authenticate with an OAuth access
 * token or a user API access token, as a bearer token or the basic-auth username. Errors are
 * {@code {"message": "…"}} with the HTTP status; a rate limit is 429 with {@code Retry-After}.
 */
public final class TailscaleStandin extends StandinServer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    private static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    private static final long MAX_EXPIRY_SECONDS = 90L * 24 * 3600;
    private static final Duration API_TOKEN_LIFETIME = Duration.ofDays(90);

    private final Clock clock;
    private final Map<String, OAuthClient> clients = new ConcurrentHashMap<>();
    private final Map<String, Instant> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, ObjectNode> devices = new LinkedHashMap<>();
    private final List<String> deletedKeyIds = new ArrayList<>();
    private volatile int retryAfterSeconds = 1;
    private volatile Supplier<? extends Collection<Device>> deviceSource = List::of;
    private final Instant startedAt;

    private record OAuthClient(String id, String secret, List<String> scopes, List<String> tags) {
    }

    private record Key(String id, String secret, Instant created, Instant expires, boolean reusable, boolean ephemeral,
                       boolean preauthorized, List<String> tags, String description) {
    }

    public TailscaleStandin() {
        this(Clock.systemUTC());
    }

    public TailscaleStandin(Clock clock) {
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    /** The base URL to give clients instead of https://api.tailscale.com. */
    public String baseUrl() {
        return address();
    }

    /** Registers an OAuth client (id {@code k…CNTRL}, secret {@code tskey-client-…}) with scopes and allowed tags. */
    public void addOAuthClient(String clientId, String clientSecret, List<String> scopes, List<String> tags) {
        clients.put(clientId, new OAuthClient(clientId, clientSecret, List.copyOf(scopes), List.copyOf(tags)));
    }

    /**
     * A device as the control plane lists it: {@code name} is the MagicDNS name {@code <hostname>.<tailnetDomain>};
     * {@code lastSeen} is null while it is connected to the control plane.
     */
    public record Device(String nodeId, String hostname, String tailnetDomain, List<String> addresses,
                         List<String> tags, boolean connectedToControl, Instant lastSeen) {
        public Device {
            addresses = List.copyOf(addresses);
            tags = List.copyOf(tags);
        }

        /** A connected, tagged ({@code tag:k8s-node}) device with a fresh node id. */
        public static Device of(String hostname, String tailnetDomain, List<String> addresses) {
            return new Device("n" + random(10) + "CNTRL", hostname, tailnetDomain, addresses, List.of("tag:k8s-node"),
                    true, null);
        }

        public Device withNodeId(String id) {
            return new Device(id, hostname, tailnetDomain, addresses, tags, connectedToControl, lastSeen);
        }

        public Device withTags(List<String> newTags) {
            return new Device(nodeId, hostname, tailnetDomain, addresses, newTags, connectedToControl, lastSeen);
        }

        public Device disconnectedSince(Instant seen) {
            return new Device(nodeId, hostname, tailnetDomain, addresses, tags, false, seen);
        }

        public String magicDnsName() {
            return hostname + "." + tailnetDomain;
        }
    }

    /** Adds a device as the control plane would list it, with an IPv6 address next to {@code ipv4}. */
    public synchronized void addDevice(String hostname, String ipv4, List<String> tags, boolean connectedToControl) {
        Device d = Device.of(hostname, "tail1234.ts.net",
                List.of(ipv4, "fd7a:115c:a1e0::" + Integer.toHexString(devices.size() + 1))).withTags(tags);
        addDevice(connectedToControl ? d : d.disconnectedSince(now().minus(Duration.ofMinutes(10))));
    }

    public synchronized void addDevice(Device device) {
        devices.put(device.nodeId(), deviceJson(device, now()));
    }

    /** Removes every added device (as if deleted in the admin console). */
    public synchronized void removeDevices() {
        devices.clear();
    }

    /**
     * Devices registered elsewhere (e.g. by simulated nodes joining a simulated tailnet), asked for at every request
     * and listed after the added ones.
     */
    public void listDevicesFrom(Supplier<? extends Collection<Device>> source) {
        this.deviceSource = source;
    }

    /**
     * A user API access token ({@code tskey-api-…}), accepted as a bearer token or as the basic-auth username until it
     * expires after 90 days, the longest such a token may live.
     */
    public void addApiToken(String token) {
        accessTokens.put(token, now().plus(API_TOKEN_LIFETIME));
    }

    private static ObjectNode deviceJson(Device device, Instant created) {
        ObjectNode d = object();
        d.set("addresses", JSON.valueToTree(device.addresses()));
        d.put("id", Long.toString(1_000_000L + Math.floorMod(device.nodeId().hashCode(), 1_000_000_000L)));
        d.put("nodeId", device.nodeId());
        d.put("user", "tagged-devices");
        d.put("name", device.magicDnsName());
        d.put("hostname", device.hostname());
        d.put("clientVersion", "1.80.0");
        d.put("updateAvailable", false);
        d.put("os", "linux");
        d.put("created", created.toString());
        if (device.lastSeen() == null) {
            d.putNull("lastSeen");
        } else {
            d.put("lastSeen", device.lastSeen().toString());
        }
        d.put("connectedToControl", device.connectedToControl());
        d.put("keyExpiryDisabled", true);
        d.put("expires", "0001-01-01T00:00:00Z");
        d.put("authorized", true);
        d.put("isExternal", false);
        d.put("isEphemeral", false);
        d.put("machineKey", "mkey:" + keyHex("machine", device.nodeId()));
        d.put("nodeKey", "nodekey:" + keyHex("node", device.nodeId()));
        d.put("blocksIncomingConnections", false);
        d.set("tags", JSON.valueToTree(device.tags()));
        d.put("tailnetLockError", "");
        d.put("tailnetLockKey", "");
        return d;
    }

    private static String keyHex(String kind, String nodeId) {
        return UUID.nameUUIDFromBytes((kind + ":" + nodeId).getBytes(StandardCharsets.UTF_8)).toString().replace("-", "");
    }

    private List<ObjectNode> allDevices() {
        List<ObjectNode> all = new ArrayList<>(devices.values());
        deviceSource.get().forEach(d -> all.add(deviceJson(d, startedAt)));
        return all;
    }

    /** A key that already exists in the tailnet (made in the admin console): {@code tskey-auth-<id>-<secret>}. */
    public synchronized String addExistingKey(String keyValue, Instant expires, List<String> tags) {
        String rest = keyValue.substring("tskey-auth-".length());
        String id = rest.substring(0, rest.indexOf('-'));
        keys.put(id, new Key(id, keyValue, now().truncatedTo(ChronoUnit.SECONDS), expires, true, false, true,
                List.copyOf(tags), "added by the operator"));
        return id;
    }

    public void setRetryAfterSeconds(int seconds) {
        this.retryAfterSeconds = seconds;
    }

    /** Ids of keys that were deleted (revoked), in order. */
    public synchronized List<String> deletedKeyIds() {
        return List.copyOf(deletedKeyIds);
    }

    /** Ids of keys that exist and are not revoked. */
    public synchronized List<String> liveKeyIds() {
        return List.copyOf(keys.keySet());
    }

    /** The expiry of a key, for assertions. */
    public synchronized Instant keyExpiry(String id) {
        Key k = keys.get(id);
        return k == null ? null : k.expires();
    }

    // ---------------------------------------------------------------- dispatch

    @Override
    protected Response handle(Request r) {
        String path = r.uri().getPath();
        if (path.equals("/api/v2/oauth/token")) {
            return "POST".equals(r.method()) ? token(r) : message(405, "method not allowed");
        }
        if (!path.startsWith("/api/v2/")) {
            return message(404, "not found");
        }
        if (!authorized(r)) {
            return message(401, "API token invalid");
        }
        String[] parts = path.substring("/api/v2/".length()).split("/");
        synchronized (this) {
            if (parts.length >= 3 && parts[0].equals("tailnet") && parts[2].equals("keys")) {
                if (parts.length == 3) {
                    return switch (r.method()) {
                        case "GET" -> listKeys();
                        case "POST" -> createKey(r.json());
                        default -> message(405, "method not allowed");
                    };
                }
                String id = parts[3];
                return switch (r.method()) {
                    case "GET" -> keys.containsKey(id) ? Response.of(200, keyJson(keys.get(id), false)) : message(404, "key not found");
                    case "DELETE" -> deleteKey(id);
                    default -> message(405, "method not allowed");
                };
            }
            if (parts.length == 3 && parts[0].equals("tailnet") && parts[2].equals("devices") && "GET".equals(r.method())) {
                boolean all = "all".equals(r.query("fields"));
                ArrayNode list = JSON.createArrayNode();
                allDevices().forEach(d -> list.add(all ? withAllFields(d) : d.deepCopy()));
                return Response.of(200, object().set("devices", list));
            }
            if (parts.length == 2 && parts[0].equals("device") && "GET".equals(r.method())) {
                ObjectNode d = allDevices().stream()
                        .filter(x -> x.get("nodeId").asText().equals(parts[1]) || x.get("id").asText().equals(parts[1]))
                        .findFirst().orElse(null);
                return d == null ? message(404, "device not found") : Response.of(200, d.deepCopy());
            }
        }
        return message(404, "not found");
    }

    private boolean authorized(Request r) {
        String auth = r.authorization();
        if (auth == null) {
            return false;
        }
        String token = null;
        if (auth.startsWith("Bearer ")) {
            token = auth.substring(7);
        } else if (auth.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
            token = decoded.endsWith(":") ? decoded.substring(0, decoded.length() - 1) : decoded;
        }
        Instant expires = token == null ? null : accessTokens.get(token);
        return expires != null && now().isBefore(expires);
    }

    private Response token(Request r) {
        Map<String, String> form = new HashMap<>();
        for (String pair : r.bodyText().split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String id = form.get("client_id");
        String secret = form.get("client_secret");
        if (r.authorization() != null && r.authorization().startsWith("Basic ")) {
            String[] cred = new String(Base64.getDecoder().decode(r.authorization().substring(6)), StandardCharsets.UTF_8)
                    .split(":", 2);
            id = URLDecoder.decode(cred[0], StandardCharsets.UTF_8);
            secret = cred.length > 1 ? URLDecoder.decode(cred[1], StandardCharsets.UTF_8) : "";
        }
        if (!"client_credentials".equals(form.get("grant_type"))) {
            return Response.of(400, object().put("error", "unsupported_grant_type"));
        }
        OAuthClient c = id == null ? null : clients.get(id);
        if (c == null || !c.secret().equals(secret)) {
            return Response.of(401, object().put("error", "invalid_client")
                    .put("error_description", "client authentication failed"));
        }
        String token = "tskey-api-" + random(12) + "CNTRL-" + random(30);
        accessTokens.put(token, now().plus(TOKEN_LIFETIME));
        return Response.of(200, object().put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", TOKEN_LIFETIME.toSeconds()).put("scope", String.join(" ", c.scopes())));
    }

    private Response listKeys() {
        ArrayNode list = JSON.createArrayNode();
        keys.values().forEach(k -> list.add(object().put("id", k.id()).put("description", k.description())));
        return Response.of(200, object().set("keys", list));
    }

    private Response createKey(JsonNode body) {
        JsonNode devicesCap = body.path("capabilities").path("devices");
        if (devicesCap.isMissingNode()) {
            return message(400, "capabilities.devices is required");
        }
        JsonNode create = devicesCap.path("create");
        List<String> tags = new ArrayList<>();
        create.path("tags").forEach(t -> tags.add(t.asText()));
        if (tags.isEmpty()) {
            return message(400, "tags are required for keys created by an OAuth client");
        }
        for (String t : tags) {
            if (!t.startsWith("tag:")) {
                return message(400, "invalid tag \"" + t + "\": tags must start with \"tag:\"");
            }
            if (clients.values().stream().noneMatch(c -> c.tags().contains(t))) {
                return message(403, "requested tags [" + t + "] are invalid or not permitted");
            }
        }
        String description = body.path("description").asText("");
        if (description.length() > 50) {
            return message(400, "description must be 50 characters or fewer");
        }
        long expirySeconds = body.path("expirySeconds").asLong(MAX_EXPIRY_SECONDS);
        if (expirySeconds <= 0 || expirySeconds > MAX_EXPIRY_SECONDS) {
            return message(400, "expirySeconds must be between 1 and " + MAX_EXPIRY_SECONDS);
        }
        String id = "k" + random(10) + "CNTRL";
        Instant created = now().truncatedTo(ChronoUnit.SECONDS);
        Key key = new Key(id, "tskey-auth-" + id + "-" + random(32), created, created.plusSeconds(expirySeconds),
                create.path("reusable").asBoolean(false), create.path("ephemeral").asBoolean(false),
                create.path("preauthorized").asBoolean(false), List.copyOf(tags), description);
        keys.put(id, key);
        return Response.of(200, keyJson(key, true));
    }

    private Response deleteKey(String id) {
        if (keys.remove(id) == null) {
            return message(404, "key not found");
        }
        deletedKeyIds.add(id);
        return Response.of(200, null);
    }

    private static ObjectNode keyJson(Key k, boolean withSecret) {
        ObjectNode o = object();
        o.put("id", k.id());
        if (withSecret) {
            o.put("key", k.secret());
        }
        o.put("created", k.created().toString());
        o.put("expires", k.expires().toString());
        ObjectNode create = object().put("reusable", k.reusable()).put("ephemeral", k.ephemeral())
                .put("preauthorized", k.preauthorized());
        create.set("tags", JSON.valueToTree(k.tags()));
        o.set("capabilities", object().set("devices", object().set("create", create)));
        o.put("description", k.description());
        return o;
    }

    private static ObjectNode withAllFields(ObjectNode d) {
        ObjectNode all = d.deepCopy();
        all.set("enabledRoutes", JSON.createArrayNode());
        all.set("advertisedRoutes", JSON.createArrayNode());
        all.put("sshEnabled", false);
        ObjectNode connectivity = object();
        connectivity.set("endpoints", JSON.createArrayNode());
        connectivity.put("derp", "");
        connectivity.put("mappingVariesByDestIP", false);
        connectivity.set("latency", object());
        connectivity.set("clientSupports", object().put("hairPinning", false).put("ipv6", false).put("pcp", false)
                .put("pmp", false).put("udp", true).put("upnp", false));
        all.set("clientConnectivity", connectivity);
        return all;
    }

    private Instant now() {
        return clock.instant();
    }

    private static String random(int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALNUM.charAt(RANDOM.nextInt(ALNUM.length())));
        }
        return sb.toString();
    }

    private static Response message(int status, String message) {
        return Response.of(status, object().put("message", message));
    }

    @Override
    protected Response injectedFailure(int status) {
        if (status == 429) {
            return new Response(429, object().put("message", "rate limit exceeded"),
                    Map.of("Retry-After", Integer.toString(retryAfterSeconds)));
        }
        return message(status, status >= 500 ? "internal server error" : "request failed");
    }

    @Override
    protected Response internalError(RuntimeException e) {
        return message(500, "internal server error");
    }
}
