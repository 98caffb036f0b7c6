package dev.tailtalos.deployer.adapters;

import dev.tailtalos.common.crypto.Sha256;
import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.common.talos.TalosNodeException;
import dev.tailtalos.deployer.domain.NodeConfigReader;
import dev.tailtalos.deployer.domain.NodeEndpoint;
import io.grpc.Status;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the node's active config from its MachineConfig resource (COSI {@code MachineConfigs.config.talos.dev},
 * id {@code v1alpha1}; sensitive, so os:admin only) and compares its SHA-256 with the sealed digest. The resource holds
 * the bytes the node was given, so a match means exactly this config. When the node refuses the resource API
 * (PermissionDenied for a non-admin role, Unimplemented or NotFound for the type on an older node), the node is
 * remembered and asked by dry run from then on.
 */
public class CosiConfigReader implements NodeConfigReader {
    static final String SOURCE = "COSI MachineConfig sha256";
    private static final Set<Status.Code> REFUSED = EnumSet.of(Status.Code.PERMISSION_DENIED,
            Status.Code.UNIMPLEMENTED, Status.Code.UNAUTHENTICATED);

    /** Where the MachineConfig comes from (the Talos calls adapter). */
    public interface MachineConfigSource {
        Optional<byte[]> machineConfig(String nodeId, NodeEndpoint endpoint);
    }

    private final MachineConfigSource source;
    private final NodeConfigReader fallback;
    private final Map<String, String> refusedBy = new ConcurrentHashMap<>();

    public CosiConfigReader(MachineConfigSource source, NodeConfigReader fallback) {
        this.source = source;
        this.fallback = fallback;
    }

    @Override
    public ReadBack readBack(String nodeId, NodeEndpoint endpoint, byte[] config, String configDigest) {
        if (refusedBy.containsKey(endpoint.address())) {
            return fallback.readBack(nodeId, endpoint, config, configDigest);
        }
        Optional<byte[]> running;
        try {
            running = source.machineConfig(nodeId, endpoint);
        } catch (TalosCallException | TalosNodeException e) {
            Optional<Status.Code> code = e instanceof TalosCallException c ? Optional.of(c.code())
                    : ((TalosNodeException) e).code();
            if (code.isEmpty() || !REFUSED.contains(code.get())) {
                throw e;
            }
            refusedBy.put(endpoint.address(), code.get().name());
            ReadBack b = fallback.readBack(nodeId, endpoint, config, configDigest);
            return new ReadBack(b.match(), b.autoDryRun(), b.source() + " (COSI refused: " + code.get() + ")");
        }
        boolean same = running.isPresent() && MessageDigest.isEqual(
                Sha256.hex(running.get()).getBytes(StandardCharsets.US_ASCII),
                configDigest.getBytes(StandardCharsets.US_ASCII));
        return new ReadBack(same ? Match.SAME : Match.DIFFERENT, null, SOURCE);
    }

    /** Endpoints that refused the resource API, with the status they answered (for diagnostics). */
    public Map<String, String> refused() {
        return Map.copyOf(refusedBy);
    }
}
