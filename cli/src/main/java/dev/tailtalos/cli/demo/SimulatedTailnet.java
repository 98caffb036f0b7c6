package dev.tailtalos.cli.demo;

import dev.tailtalos.common.crypto.KeyFiles;
import dev.tailtalos.sim.InProcessTailnet;
import dev.tailtalos.sim.TailnetControl;
import dev.tailtalos.standins.tailscale.TailscaleStandin;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The demo's tailnet: an in-process control plane the simulated nodes' ext-tailscale joins (Tailscale IPs are the
 * loopback stand-ins {@code 127.100.block.n} the nodes listen on), and a Tailscale API stand-in on loopback that lists
 * those devices with their MagicDNS names, for the monitor. The API token is written to a 0600 file only.
 */
public final class SimulatedTailnet implements AutoCloseable {

    private final InProcessTailnet control;
    private final TailscaleStandin api;
    private final String domain;
    private final Path tokenFile;
    private final int block;

    private SimulatedTailnet(InProcessTailnet control, TailscaleStandin api, String domain, Path tokenFile, int block) {
        this.control = control;
        this.api = api;
        this.domain = domain;
        this.tokenFile = tokenFile;
        this.block = block;
    }

    public static SimulatedTailnet start(int block, String domain, Path tokenFile) {
        InProcessTailnet control = InProcessTailnet.onLoopback(block);
        String token = "tskey-api-kDemo" + HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        KeyFiles.writePrivate(tokenFile, (token + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        TailscaleStandin api = new TailscaleStandin();
        api.addApiToken(token);
        api.listDevicesFrom(() -> control.devices().values().stream()
                .map(d -> TailscaleStandin.Device.of(d.hostname(), domain, List.of(d.tailscaleAddress()))
                        .withNodeId(d.nodeId()))
                .toList());
        return new SimulatedTailnet(control, api, domain, tokenFile, block);
    }

    /** An auth key the control plane accepts until {@code expires} (reusable, as nodes of one cluster share it). */
    public String issueAuthKey(Instant expires) {
        return control.issueKey(Duration.between(Instant.now(), expires), true);
    }

    public TailnetControl control() {
        return control;
    }

    public InProcessTailnet inProcess() {
        return control;
    }

    public String apiUrl() {
        return api.baseUrl();
    }

    public String domain() {
        return domain;
    }

    /**
     * What the monitor needs to find the devices: the API, the token file, and that the stand-in addresses are dialed
     * on the node's API port (the simulated nodes listen on ephemeral ports).
     */
    public Map<String, String> monitorProperties() {
        return Map.of("tailtalos.tailscale.api-url", api.baseUrl(),
                "tailtalos.tailscale.tailnet", "-",
                "tailtalos.tailscale.api-token-file", tokenFile.toString(),
                "tailtalos.monitor.tailnet-address-map", "127.100." + block + ".0/24=127.100." + block + ".0/24");
    }

    @Override
    public void close() {
        api.close();
    }
}
