package dev.tailtalos.sim;

import com.google.protobuf.ByteString;
import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest.Mode;
import dev.tailtalos.proto.talos.machine.EtcdMembers;
import dev.tailtalos.proto.talos.machine.FeaturesInfo;
import dev.tailtalos.proto.talos.machine.MemInfo;
import dev.tailtalos.proto.talos.machine.Memory;
import dev.tailtalos.proto.talos.machine.MountStat;
import dev.tailtalos.proto.talos.machine.Mounts;
import dev.tailtalos.proto.talos.machine.MachineStatusEvent;
import dev.tailtalos.proto.talos.machine.MachineStatusEvent.MachineStage;
import dev.tailtalos.proto.talos.machine.PlatformInfo;
import dev.tailtalos.proto.talos.machine.Reboot;
import dev.tailtalos.proto.talos.machine.SequenceEvent;
import dev.tailtalos.proto.talos.machine.ServiceHealth;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.ServiceStateEvent;
import dev.tailtalos.proto.talos.machine.Upgrade;
import dev.tailtalos.proto.talos.machine.UpgradeRequest;
import dev.tailtalos.proto.talos.machine.Version;
import dev.tailtalos.proto.talos.machine.VersionInfo;
import dev.tailtalos.proto.talos.time.Time;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import org.bouncycastle.util.IPAddress;

/**
 * One simulated Talos node: the machine, time and COSI APIs over mutual TLS on a loopback address, with the
 * configuration kept in memory only. It reboots (off the network for a while, new boot ID, staged config and
 * upgrades take effect), starts in maintenance mode when asked, runs ext-tailscale against a {@link TailnetControl}
 * and then also serves on its tailnet address, and misbehaves on demand through {@link #faults()}.
 */
public final class SimulatedNode implements AutoCloseable {

    public static final String DEFAULT_TALOS_VERSION = "v1.10.4";
    public static final String DEFAULT_TIME_SERVER = "time.cloudflare.com";
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
    static final Duration DEFAULT_TRY_TIMEOUT = Duration.ofMinutes(1);
    static final String TAILSCALE_SERVICE = "ext-tailscale";
    /** apid (Go crypto/tls, MinVersion TLS 1.2) accepts TLS 1.2 and 1.3. */
    static final String[] APID_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    static final String NOT_IN_MAINTENANCE = "API is not implemented in maintenance mode";

    static final Set<String> ADMIN = Set.of(Caller.ADMIN);
    static final Set<String> OPERATE = Set.of(Caller.ADMIN, Caller.OPERATOR);
    static final Set<String> READ = Set.of(Caller.ADMIN, Caller.OPERATOR, Caller.READER);

    private static final Duration GO_DOWN_DELAY = Duration.ofMillis(50);
    private static final DateTimeFormatter CONTAINERBOOT_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /** Where the node is in its life. */
    public enum Stage { MAINTENANCE, RUNNING, REBOOTING, DOWN }

    private final NodeSpec spec;
    private final CertificateAuthority osCa;
    private final NodeOptions options;
    private final SimulatorRuntime runtime;
    private final ApiCertificates certificates;
    private final NodeFaults faults;
    private final EventLog events = new EventLog();
    private final Map<String, SimulatedService> services = new LinkedHashMap<>();
    private final String machineKey = UUID.randomUUID().toString();
    private volatile Function<String, Optional<SimulatedNode>> peers = target -> Optional.empty();
    private volatile Supplier<List<SimulatedNode>> cluster = () -> List.of(this);
    private KernelLog kernelLog = new KernelLog();
    private volatile Function<X509Certificate, Optional<CertificateAuthority>> trustd = ca -> Optional.empty();
    private volatile CertificateAuthority signingCa;

    private Stage stage;
    private String talosVersion;
    private String schematicId;
    private List<Extension> extensions;
    private MachineConfigDocuments config;
    private MachineConfigDocuments stagedConfig;
    private MachineConfigDocuments tryPrevious;
    private ScheduledFuture<?> pendingRevert;
    private SchematicRegistry.Image pendingUpgrade;
    private String bootId;
    private Instant bootTime;
    private int applyCount;
    private long configVersion;
    private Duration rebootDuration;
    private SslContext mutualTls;
    private SslContext maintenanceTls;
    private Server lanServer;
    private Server tailnetServer;
    private int lanPort;
    private int tailnetPort;
    private TailnetDevice tailnetDevice;
    private boolean tailscaleState;
    private boolean closed;

    public SimulatedNode(NodeSpec spec, CertificateAuthority osCa, String talosVersion) {
        this(spec, osCa, talosVersion, NodeOptions.defaults());
    }

    public SimulatedNode(NodeSpec spec, CertificateAuthority osCa, String talosVersion, NodeOptions options) {
        this(spec, osCa, talosVersion, options, SimulatorRuntime.shared());
    }

    SimulatedNode(NodeSpec spec, CertificateAuthority osCa, String talosVersion, NodeOptions options,
            SimulatorRuntime runtime) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.osCa = Objects.requireNonNull(osCa, "osCa");
        this.certificates = new ApiCertificates(osCa);
        this.talosVersion = Objects.requireNonNull(talosVersion, "talosVersion");
        this.options = Objects.requireNonNull(options, "options");
        this.runtime = runtime;
        requireLoopback(spec.bindAddress());
        this.faults = new NodeFaults(options.seed() ^ spec.hostname().hashCode());
        this.schematicId = options.schematicId();
        this.extensions = options.schematics().extensions(schematicId).orElseThrow();
        this.rebootDuration = options.rebootDuration();
        this.lanPort = spec.port();
        this.stage = options.maintenance() ? Stage.MAINTENANCE : Stage.RUNNING;
    }

    public synchronized void start() throws IOException {
        if (lanServer != null || bootId != null) {
            throw new IllegalStateException(spec.hostname() + " already started");
        }
        boot();
    }

    @Override
    public synchronized void close() {
        closed = true;
        cancelPendingRevert();
        stopListeners(true);
    }

    // ---- accessors (Java API for tests, the demo and benchmarks)

    public NodeSpec spec() {
        return spec;
    }

    public String hostname() {
        return spec.hostname();
    }

    public NodeFaults faults() {
        return faults;
    }

    /** The bound LAN port (the ephemeral one when the spec asked for port 0); stays the same across reboots. */
    public synchronized int port() {
        if (lanPort == 0) {
            throw new IllegalStateException(spec.hostname() + " is not started");
        }
        return lanPort;
    }

    /** host:port to dial, e.g. {@code 127.0.10.1:50000}. */
    public String endpoint() {
        return hostPort(spec.bindAddress(), port());
    }

    /** host:port of the API on the node's tailnet address, once ext-tailscale has joined. */
    public synchronized Optional<String> tailnetEndpoint() {
        return tailnetServer == null ? Optional.empty()
                : Optional.of(hostPort(tailnetDevice.address(), tailnetPort));
    }

    public synchronized Optional<TailnetDevice> tailnetDevice() {
        return Optional.ofNullable(tailnetDevice);
    }

    public synchronized Stage stage() {
        return stage;
    }

    /** True while the node answers on its LAN address. */
    public synchronized boolean isServing() {
        return lanServer != null && !lanServer.isShutdown();
    }

    public synchronized String bootId() {
        return bootId;
    }

    public synchronized String talosVersion() {
        return talosVersion;
    }

    public synchronized String schematicId() {
        return schematicId;
    }

    public synchronized List<Extension> extensions() {
        return List.copyOf(extensions);
    }

    public synchronized int applyCount() {
        return applyCount;
    }

    public synchronized Optional<String> appliedConfig() {
        return Optional.ofNullable(config).map(MachineConfigDocuments::yaml);
    }

    public synchronized Optional<String> stagedConfig() {
        return Optional.ofNullable(stagedConfig).map(MachineConfigDocuments::yaml);
    }

    /** SHA-256 (hex) of the bytes last applied. */
    public synchronized Optional<String> lastAppliedDigest() {
        return Optional.ofNullable(config).map(MachineConfigDocuments::sha256);
    }

    public synchronized Duration rebootDuration() {
        return rebootDuration;
    }

    /** How long the next reboots keep the node off the network (a slow reboot when long). */
    public synchronized void rebootDuration(Duration duration) {
        this.rebootDuration = Objects.requireNonNull(duration);
    }

    /** The certificate apid serves now (issued from the applied config's machine.ca). */
    public X509Certificate serverCertificate() {
        return certificates.current();
    }

    /** The CAs whose client certificates apid accepts now (machine.ca and machine.acceptedCAs of the applied config). */
    public List<X509Certificate> trustedClientCas() {
        return certificates.trusted();
    }

    /** Addresses this node answers to in {@code nodes}/{@code node} routing metadata. */
    public synchronized boolean answersTo(String target) {
        return spec.hostname().equals(target) || spec.bindAddress().equals(target)
                || spec.extraAddresses().contains(target)
                || tailnetDevice != null && (tailnetDevice.address().equals(target)
                        || tailnetDevice.tailscaleAddress().equals(target));
    }

    /** Reboots as {@code talosctl reboot} would (actor id returned). */
    public synchronized String reboot() {
        String actor = UUID.randomUUID().toString();
        beginReboot(actor, MachineStage.REBOOTING);
        return actor;
    }

    /** Crashes: the listeners vanish at once, no events; the node boots again after {@code downFor}. */
    public synchronized void crash(Duration downFor) {
        stage = Stage.DOWN;
        stopListeners(true);
        stopTailscale(false);
        runtime.scheduler().schedule(this::bootLogged, downFor.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Closes every open connection (clients see UNAVAILABLE and must reconnect); the node keeps serving. */
    public synchronized void dropConnections() throws IOException {
        stopListeners(true);
        startListeners();
    }

    void peers(Function<String, Optional<SimulatedNode>> peers) {
        this.peers = Objects.requireNonNull(peers);
    }

    Optional<SimulatedNode> route(String target) {
        return answersTo(target) ? Optional.of(this) : peers.apply(target);
    }

    EventLog events() {
        return events;
    }

    synchronized boolean inMaintenance() {
        return stage == Stage.MAINTENANCE;
    }

    // ---- handlers (called by the gRPC services with the caller's roles)

    synchronized Version version(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        Version.Builder version = Version.newBuilder()
                .setVersion(VersionInfo.newBuilder().setTag(talosVersion).setSha("3c119bf87")
                        .setBuilt("").setGoVersion("go1.24.4").setOs("linux").setArch("amd64"))
                .setPlatform(PlatformInfo.newBuilder().setName("metal").setMode("metal"));
        if (config != null) {
            version.setFeatures(FeaturesInfo.newBuilder().setRbac(true));
        }
        return version.build();
    }

    synchronized ApplyConfiguration apply(Caller caller, ApplyConfigurationRequest request) {
        if (stage == Stage.MAINTENANCE) {
            return applyInMaintenance(request);
        }
        authorize(caller, ADMIN);
        MachineConfigDocuments next = MachineConfigDocuments.parse(request.getData().toByteArray());
        Optional<String> rebootReason = ImmediateChanges.rebootReason(config, next);
        Mode requested = request.getMode();
        if ((requested == Mode.NO_REBOOT || requested == Mode.TRY) && rebootReason.isPresent()) {
            throw Status.INVALID_ARGUMENT.withDescription(rebootReason.get()).asRuntimeException();
        }
        Mode mode = requested == Mode.AUTO ? (rebootReason.isPresent() ? Mode.REBOOT : Mode.NO_REBOOT) : requested;
        String details = details(mode, request, requested == Mode.AUTO ? rebootReason : Optional.empty());
        if (request.getDryRun()) {
            return ApplyConfiguration.newBuilder().setMode(mode)
                    .setModeDetails("Dry run summary:\n" + details + " (skipped in dry-run).\nConfig diff:\n\n"
                            + ConfigDiff.diff(config, next))
                    .build();
        }
        MachineConfigDocuments beforeTry = pendingRevert != null ? tryPrevious : config;
        if (mode != Mode.TRY) {
            cancelPendingRevert();
        }
        switch (mode) {
            case STAGED -> stagedConfig = next;
            case REBOOT -> {
                stagedConfig = next;
                beginReboot(UUID.randomUUID().toString(), MachineStage.REBOOTING);
            }
            case TRY -> {
                cancelPendingRevert();
                activate(next);
                tryPrevious = beforeTry;
                pendingRevert = runtime.scheduler().schedule(() -> revert(next), tryTimeout(request).toMillis(),
                        TimeUnit.MILLISECONDS);
            }
            default -> activate(next);
        }
        applyCount++;
        if (faults.takeLostApplyReply()) {
            throw new LostReplyException();
        }
        return ApplyConfiguration.newBuilder().setMode(mode).setModeDetails(details).build();
    }

    synchronized ServiceList serviceList(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        ServiceList.Builder list = ServiceList.newBuilder();
        services.values().forEach(service -> list.addServices(service.info()));
        return list.build();
    }

    /** ServiceRestart/Start/Stop: only kubelet and extension services may be controlled through the API. */
    synchronized String serviceControl(Caller caller, String id, String operation) {
        requireConfigured();
        authorize(caller, OPERATE);
        SimulatedService service = services.get(id);
        if (service == null) {
            throw Status.UNKNOWN.withDescription("service \"" + id + "\" not defined").asRuntimeException();
        }
        if (!id.equals("kubelet") && !id.startsWith("ext-")) {
            throw Status.UNKNOWN.withDescription("service \"" + id + "\" doesn't support " + operation
                    + " operation via API").asRuntimeException();
        }
        switch (operation) {
            case "stop" -> stopService(service);
            case "start" -> startService(service);
            default -> {
                stopService(service);
                startService(service);
            }
        }
        return "Service \"" + id + "\" " + (operation.equals("stop") ? "stopped" : operation + "ed");
    }

    synchronized Reboot reboot(Caller caller) {
        requireConfigured();
        authorize(caller, OPERATE);
        String actor = UUID.randomUUID().toString();
        beginReboot(actor, MachineStage.REBOOTING);
        return Reboot.newBuilder().setActorId(actor).build();
    }

    synchronized Upgrade upgrade(Caller caller, UpgradeRequest request) {
        if (stage == Stage.MAINTENANCE) {
            throw Status.UNIMPLEMENTED.withDescription(NOT_IN_MAINTENANCE).asRuntimeException();
        }
        authorize(caller, ADMIN);
        SchematicRegistry.Image image;
        try {
            image = options.schematics().resolve(request.getImage());
        } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription("error validating installer image \""
                    + request.getImage() + "\": " + e.getMessage()).asRuntimeException();
        }
        pendingUpgrade = image;
        String actor = UUID.randomUUID().toString();
        machinedLog("upgrade request received: " + request.getImage() + (request.getStage() ? " (staged)" : ""));
        if (!request.getStage()) {
            beginReboot(actor, MachineStage.UPGRADING);
        }
        return Upgrade.newBuilder().setAck("Upgrade request received").setActorId(actor).build();
    }

    synchronized Time time(Caller caller, String server) {
        requireConfigured();
        authorize(caller, READ);
        String used = server != null && !server.isEmpty() ? server
                : config != null && !config.timeServers().isEmpty() ? config.timeServers().get(0) : DEFAULT_TIME_SERVER;
        Instant now = Instant.now();
        return Time.newBuilder().setServer(used).setLocaltime(SimulatedService.timestamp(now))
                .setRemotetime(SimulatedService.timestamp(now.plusMillis(1))).build();
    }

    synchronized byte[] readFile(Caller caller, String path) {
        requireConfigured();
        authorize(caller, ADMIN);
        return NodeFiles.read(path, this::fileContent);
    }

    synchronized ServiceLog serviceLog(Caller caller, String id) {
        requireConfigured();
        authorize(caller, READ);
        SimulatedService service = services.get(id);
        if (service == null) {
            throw Status.NOT_FOUND.withDescription("log \"" + id + "\" was not registered").asRuntimeException();
        }
        return service.log();
    }

    synchronized void authorizeEvents(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
    }

    // ---- views for the COSI service

    synchronized NodeView view() {
        return new NodeView(spec, stage, extensions, schematicId, options.schematics().yaml(schematicId),
                config == null ? null : config.yaml(), configVersion, tailnetDevice, bootTime, config, certificates.sans(),
                talosVersion, this::clusterViews);
    }

    /** Snapshots of every configured node of this node's cluster (same cluster name), each taken under its own lock. */
    List<NodeView> clusterViews() {
        NodeView own = view();
        String name = own.clusterName();
        List<NodeView> views = new ArrayList<>();
        for (SimulatedNode member : cluster.get()) {
            NodeView view = member == this ? own : member.view();
            if (view.config() != null && view.stage() != Stage.MAINTENANCE && Objects.equals(view.clusterName(), name)) {
                views.add(view);
            }
        }
        return views;
    }

    void cluster(Supplier<List<SimulatedNode>> members) {
        this.cluster = Objects.requireNonNull(members);
    }

    // ---- etcd and memory (what talosctl health asks)

    /** Not synchronized: the member list reads every peer's state under that peer's lock. */
    EtcdMembers etcdMembers(Caller caller) {
        NodeView own = authorizedView(caller);
        if (!own.controlPlane()) {
            throw Status.UNKNOWN.withDescription("etcd is not running on this node (machine type "
                    + own.machineType() + ")").asRuntimeException();
        }
        return EtcdMembers.newBuilder().addAllMembers(EtcdMembership.members(clusterViews())).build();
    }

    synchronized Memory memory(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        return Memory.newBuilder().setMeminfo(MemInfo.newBuilder().setMemtotal(8_023_412).setMemfree(6_102_344)
                .setMemavailable(7_254_112).setBuffers(4_212).setCached(1_088_736).setActive(512_004)
                .setInactive(998_112)).build();
    }

    /** The system partitions as statfs reports them; the EPHEMERAL one matches its MountStatus source. */
    synchronized Mounts mounts(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        Mounts.Builder mounts = Mounts.newBuilder();
        if (config != null) {
            long ephemeral = NodeBootResources.EPHEMERAL_BYTES;
            mounts.addStats(MountStat.newBuilder().setFilesystem(NodeBootResources.ephemeralDevice(view()))
                    .setSize(ephemeral).setAvailable(ephemeral - ephemeral / 20).setMountedOn("/var"));
        }
        mounts.addStats(MountStat.newBuilder().setFilesystem("overlay").setSize(500L * 1024 * 1024)
                .setAvailable(0).setMountedOn("/"));
        return mounts.build();
    }

    private synchronized NodeView authorizedView(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        return view();
    }

    // ---- kernel messages

    synchronized KernelLog kernelLog(Caller caller) {
        requireConfigured();
        authorize(caller, READ);
        return kernelLog;
    }

    // ---- life cycle

    private void beginReboot(String actor, MachineStage why) {
        if (stage == Stage.REBOOTING) {
            return;
        }
        stage = Stage.REBOOTING;
        events.publish(SequenceEvent.newBuilder().setSequence(why == MachineStage.UPGRADING ? "upgrade" : "reboot")
                .setAction(SequenceEvent.Action.START).build(), actor);
        events.publish(MachineStatusEvent.newBuilder().setStage(why)
                .setStatus(MachineStatusEvent.MachineStatus.newBuilder().setReady(false)).build(), actor);
        machinedLog((why == MachineStage.UPGRADING ? "upgrade" : "reboot") + " sequence started");
        Duration down = rebootDuration;
        runtime.scheduler().schedule(this::goDown, GO_DOWN_DELAY.toNanos(), TimeUnit.NANOSECONDS);
        runtime.scheduler().schedule(this::bootLogged, GO_DOWN_DELAY.plus(down).toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void goDown() {
        events.endStreams();
        stopTailscale(false);
        stopListeners(false);
    }

    private synchronized void bootLogged() {
        if (closed) {
            return;
        }
        try {
            boot();
        } catch (IOException | RuntimeException e) {
            stage = Stage.DOWN;
            System.err.println(spec.hostname() + ": simulated boot failed: " + e);
        }
    }

    private void boot() throws IOException {
        bootId = UUID.randomUUID().toString();
        bootTime = Instant.now();
        events.clear();
        if (pendingRevert != null) {
            cancelPendingRevert();
            config = tryPrevious;
            configVersion++;
        }
        if (stagedConfig != null) {
            config = stagedConfig;
            stagedConfig = null;
            configVersion++;
        }
        if (pendingUpgrade != null) {
            talosVersion = pendingUpgrade.talosVersion();
            extensions = pendingUpgrade.extensions();
            schematicId = pendingUpgrade.schematicId() == null ? SchematicRegistry.VANILLA
                    : pendingUpgrade.schematicId();
            pendingUpgrade = null;
        }
        stage = options.maintenance() && config == null ? Stage.MAINTENANCE : Stage.RUNNING;
        kernelLog.close();
        kernelLog = KernelLog.boot(bootTime, talosVersion, spec.hostname());
        services.clear();
        for (String id : List.of("apid", "machined", "kubelet")) {
            services.put(id, new SimulatedService(id));
        }
        if (config != null && view().controlPlane()) {
            services.put("etcd", new SimulatedService("etcd"));
        }
        if (extensions.stream().anyMatch(extension -> extension.name().equals("tailscale"))) {
            services.put(TAILSCALE_SERVICE, new SimulatedService(TAILSCALE_SERVICE));
        }
        events.publish(MachineStatusEvent.newBuilder().setStage(MachineStage.BOOTING)
                .setStatus(MachineStatusEvent.MachineStatus.newBuilder().setReady(false)).build(), null);
        machinedLog("booting Talos " + talosVersion + " (boot id " + bootId + ")");
        reissueServerCertificateIfSansChanged();
        startListeners();
        if (stage == Stage.MAINTENANCE) {
            events.publish(MachineStatusEvent.newBuilder().setStage(MachineStage.MAINTENANCE)
                    .setStatus(MachineStatusEvent.MachineStatus.newBuilder().setReady(false)).build(), null);
            return;
        }
        for (SimulatedService service : services.values()) {
            startService(service);
        }
        events.publish(MachineStatusEvent.newBuilder().setStage(MachineStage.RUNNING)
                .setStatus(MachineStatusEvent.MachineStatus.newBuilder().setReady(true)).build(), null);
    }

    private void startListeners() throws IOException {
        try {
            lanServer = listen(spec.bindAddress(), lanPort, false);
        } catch (IOException e) {
            throw new IOException("listen tcp " + hostPort(spec.bindAddress(), lanPort) + ": " + rootMessage(e), e);
        }
        lanPort = lanServer.getPort();
        if (tailnetDevice != null && tailnetServer == null) {
            try {
                startTailnetListener();
            } catch (IOException e) {
                tailnetListenerFailed(e);
            }
        }
    }

    private void stopListeners(boolean now) {
        for (Server server : new Server[] {lanServer, tailnetServer}) {
            if (server != null) {
                server.shutdownNow();
                if (now) {
                    try {
                        server.awaitTermination(2, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }
        lanServer = null;
        tailnetServer = null;
    }

    /** On the LAN port, as a real node's apid listens on every address; a taken port is an error, never another port. */
    private void startTailnetListener() throws IOException {
        int port = tailnetPort == 0 ? lanPort : tailnetPort;
        try {
            tailnetServer = listen(tailnetDevice.address(), port, true);
        } catch (IOException e) {
            throw new IOException("listen tcp " + hostPort(tailnetDevice.address(), port) + ": "
                    + rootMessage(e) + " (is another simulator serving this tailnet address?)", e);
        }
        tailnetPort = tailnetServer.getPort();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    private Server listen(String address, int port, boolean tailnet) throws IOException {
        NettyServerBuilder builder = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getByName(address), port))
                .bossEventLoopGroup(runtime.boss())
                .workerEventLoopGroup(runtime.workers())
                .channelType(NioServerSocketChannel.class)
                .executor(runtime.executor())
                .sslContext(stage == Stage.MAINTENANCE ? maintenanceTls() : mutualTls())
                .maxInboundMessageSize(MAX_MESSAGE_BYTES);
        CallerInterceptor callers = new CallerInterceptor(this::inMaintenance);
        FaultInterceptor faultInterceptor = new FaultInterceptor(faults, runtime.scheduler(), tailnet);
        for (ServerServiceDefinition service : List.of(new MachineServiceSimulation(this).bindService(),
                new TimeServiceSimulation(this).bindService(), new CosiStateSimulation(this).bindService())) {
            builder.addService(ServerInterceptors.intercept(service, callers, faultInterceptor));
        }
        return builder.build().start();
    }

    private SslContext mutualTls() throws SSLException {
        if (mutualTls == null) {
            mutualTls = GrpcSslContexts.configure(SslContextBuilder.forServer(certificates.keyManager()),
                            SslProvider.JDK)
                    .trustManager(certificates.trustManager())
                    .clientAuth(ClientAuth.REQUIRE)
                    .protocols(APID_PROTOCOLS)
                    .build();
        }
        return mutualTls;
    }

    /** Maintenance mode: server-only TLS with a self-signed certificate, CN maintenance-service.talos.dev. */
    private SslContext maintenanceTls() throws SSLException {
        if (maintenanceTls == null) {
            CertificateAuthority selfSigned = CertificateAuthority.generateOsCa("talos");
            IssuedCertificate certificate = selfSigned.issueServerCertificate("maintenance-service.talos.dev",
                    List.of(spec.bindAddress()), List.of("maintenance-service.talos.dev"),
                    CertificateAuthority.SERVER_VALIDITY);
            maintenanceTls = GrpcSslContexts.configure(SslContextBuilder.forServer(certificate.privateKey(),
                    certificate.certificate()), SslProvider.JDK)
                    .clientAuth(ClientAuth.NONE)
                    .protocols(APID_PROTOCOLS)
                    .build();
        }
        return maintenanceTls;
    }

    private ApplyConfiguration applyInMaintenance(ApplyConfigurationRequest request) {
        Mode mode = request.getMode();
        if (mode != Mode.REBOOT && mode != Mode.AUTO && mode != Mode.TRY) {
            throw Status.UNIMPLEMENTED.withDescription("apply configuration --mode='"
                    + mode.name().toLowerCase(Locale.ROOT).replace('_', '-') + "' is not supported in maintenance mode")
                    .asRuntimeException();
        }
        MachineConfigDocuments next = MachineConfigDocuments.parse(request.getData().toByteArray());
        if (request.getDryRun()) {
            return ApplyConfiguration.newBuilder().setModeDetails("Dry run summary:\n"
                    + "Node is running in maintenance mode and does not have a config yet.").build();
        }
        stagedConfig = next;
        applyCount++;
        machinedLog("machine configuration applied in maintenance mode, installing");
        beginReboot(UUID.randomUUID().toString(), MachineStage.INSTALLING);
        if (faults.takeLostApplyReply()) {
            throw new LostReplyException();
        }
        return ApplyConfiguration.newBuilder().build();
    }

    private void activate(MachineConfigDocuments next) {
        MachineConfigDocuments previous = config;
        config = next;
        configVersion++;
        machinedLog("applied configuration without a reboot");
        SimulatedService kubelet = services.get("kubelet");
        if (previous == null && kubelet != null) {
            startService(kubelet);
        }
        if (!services.containsKey("etcd") && view().controlPlane()) {
            SimulatedService etcd = new SimulatedService("etcd");
            services.put("etcd", etcd);
            startService(etcd);
        }
        if (!Objects.equals(tailscaleDocument(previous), tailscaleDocument(next))) {
            SimulatedService tailscale = services.get(TAILSCALE_SERVICE);
            if (tailscale != null) {
                stopService(tailscale);
                startService(tailscale);
            }
        }
        reissueServerCertificateIfSansChanged();
    }

    private synchronized void revert(MachineConfigDocuments tried) {
        if (config == tried && pendingRevert != null) {
            pendingRevert = null;
            machinedLog("reverting the configuration applied in try mode");
            MachineConfigDocuments previous = tryPrevious;
            tryPrevious = null;
            if (previous != null) {
                activate(previous);
            }
        }
    }

    private void cancelPendingRevert() {
        if (pendingRevert != null) {
            pendingRevert.cancel(false);
            pendingRevert = null;
            tryPrevious = null;
        }
    }

    // ---- services

    private void startService(SimulatedService service) {
        switch (service.id()) {
            case "kubelet" -> {
                if (config == null) {
                    setState(service, "Waiting", "Waiting for machine configuration", true, false, "");
                } else {
                    setState(service, "Running", "Health check successful", false, true, "");
                }
            }
            case TAILSCALE_SERVICE -> startTailscale(service);
            default -> setState(service, "Running", "Health check successful", false, true, "");
        }
    }

    private void stopService(SimulatedService service) {
        if (service.id().equals(TAILSCALE_SERVICE)) {
            stopTailscale(true);
        } else {
            setState(service, "Finished", "Service finished successfully", true, false, "");
        }
    }

    private void setState(SimulatedService service, String state, String message, boolean healthUnknown,
            boolean healthy, String healthMessage) {
        service.transition(state, message);
        service.health(healthUnknown, healthy, healthMessage);
        events.publish(ServiceStateEvent.newBuilder().setService(service.id()).setAction(ServiceStateEvent.Action.valueOf(state.toUpperCase(Locale.ROOT))).setMessage(message)
                .setHealth(ServiceHealth.newBuilder().setUnknown(healthUnknown).setHealthy(healthy)
                        .setLastMessage(healthMessage)).build(), null);
    }

    private static Object tailscaleDocument(MachineConfigDocuments documents) {
        return documents == null ? null : documents.extensionServiceDocuments().get("tailscale");
    }

    /** containerboot as the tailscale extension runs it (TS_AUTH_ONCE semantics as in tailscale.md §2.2). */
    private void startTailscale(SimulatedService service) {
        if (config == null || !config.extensionServiceConfigs().contains("tailscale")) {
            setState(service, "Waiting", "Waiting for extension service config", true, false, "");
            return;
        }
        Map<String, String> env = environment(config.extensionEnvironment("tailscale"));
        setState(service, "Preparing", "Running pre state", true, false, "");
        setState(service, "Starting", "Starting service", true, false, "");
        ServiceLog log = service.log();
        boolean authOnce = Boolean.parseBoolean(env.getOrDefault("TS_AUTH_ONCE", "false"));
        String authKey = env.getOrDefault("TS_AUTHKEY", env.get("TS_AUTH_KEY"));
        String hostname = env.getOrDefault("TS_HOSTNAME", spec.hostname());
        containerboot(log, "Starting tailscaled");
        containerboot(log, "Waiting for tailscaled socket");
        TailnetControl control = options.tailnet();
        try {
            Optional<TailnetDevice> resumed = authOnce && tailscaleState ? control.device(machineKey) : Optional.empty();
            TailnetDevice device;
            if (resumed.isPresent()) {
                containerboot(log, "Running 'tailscale set'");
                device = resumed.get();
            } else {
                containerboot(log, "Running 'tailscale up'");
                device = control.login(machineKey, authKey, hostname);
                tailscaleState = true;
            }
            tailnetDevice = device;
            containerboot(log, "tailscaled in state \"Running\"");
            containerboot(log, "Startup complete, waiting for shutdown signal");
            setState(service, "Running", "Started task ext-tailscale (PID " + (1000 + Math.abs(bootId.hashCode() % 8000))
                    + ") for container ext-tailscale", false, true, "");
            if (tailnetServer == null && lanServer != null) {
                startTailnetListener();
            }
            reissueServerCertificateIfSansChanged();
        } catch (TailnetException e) {
            log.append(e.getMessage());
            containerboot(log, "failed to auth tailscale: failed to auth tailscale: tailscale up failed: exit status 1");
            setState(service, "Failed", "Error running Containerd(ext-tailscale), going to restart forever: "
                    + "task \"ext-tailscale\" failed: exit code 1", false, false, e.getMessage());
        } catch (IOException e) {
            tailnetListenerFailed(e);
        }
    }

    /** ext-tailscale fails visibly: service state, its log, and the simulator's stderr. */
    private void tailnetListenerFailed(IOException e) {
        SimulatedService service = services.get(TAILSCALE_SERVICE);
        System.err.println(spec.hostname() + ": tailnet listener failed: " + e.getMessage());
        if (service != null) {
            service.log().append("tailnet listener failed: " + e.getMessage());
            setState(service, "Failed", "tailnet listener failed: " + e.getMessage(), false, false, e.getMessage());
        }
    }

    private void stopTailscale(boolean record) {
        SimulatedService service = services.get(TAILSCALE_SERVICE);
        if (tailnetServer != null) {
            tailnetServer.shutdownNow();
            tailnetServer = null;
        }
        tailnetDevice = null;
        if (record && service != null && List.of("Running", "Starting", "Preparing").contains(service.state())) {
            setState(service, "Stopping", "Stopping service", true, false, "");
            containerboot(service.log(), "Received SIGTERM, shutting down");
            setState(service, "Finished", "Service finished successfully", true, false, "");
        }
    }

    private static Map<String, String> environment(List<String> entries) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }

    private static void containerboot(ServiceLog log, String message) {
        log.append("boot: " + CONTAINERBOOT_TIME.format(Instant.now()) + " " + message);
    }

    private void machinedLog(String message) {
        SimulatedService machined = services.get("machined");
        if (machined != null) {
            machined.log().append("[talos] " + message);
        }
    }

    // ---- files and certificates

    private Optional<byte[]> fileContent(String path) {
        if (path.equals("/proc/kallsyms")) {
            return Optional.of(NodeFiles.kallsyms());
        }
        String text = switch (path) {
            case "/proc/sys/kernel/random/boot_id" -> bootId + "\n";
            case "/etc/os-release" -> "NAME=\"Talos\"\nID=talos\nVERSION_ID=" + talosVersion + "\nPRETTY_NAME=\"Talos ("
                    + talosVersion + ")\"\nHOME_URL=\"https://www.talos.dev/\"\n";
            case "/proc/cpuinfo" -> NodeFiles.cpuinfo();
            case "/system/state/config.yaml" -> config == null ? null : config.yaml();
            default -> null;
        };
        return Optional.ofNullable(text).map(value -> value.getBytes(StandardCharsets.UTF_8));
    }

    private void reissueServerCertificateIfSansChanged() {
        List<String> addresses = new ArrayList<>();
        addresses.add(spec.bindAddress());
        addresses.addAll(spec.extraAddresses());
        certificates.update(config, spec.hostname(), addresses, trustd).ifPresent(this::machinedLog);
        signingCa = config == null ? null : config.osCa().orElse(null);
    }

    /** trustd: this node signs API certificates for its cluster's workers when its config holds machine.ca's key. */
    Optional<CertificateAuthority> signsFor(X509Certificate caCertificate) {
        CertificateAuthority own = signingCa;
        return own != null && own.certificate().equals(caCertificate) ? Optional.of(own) : Optional.empty();
    }

    void trustd(Function<X509Certificate, Optional<CertificateAuthority>> lookup) {
        this.trustd = Objects.requireNonNull(lookup);
    }

    private static String details(Mode mode, ApplyConfigurationRequest request, Optional<String> autoRebootReason) {
        return switch (mode) {
            case STAGED -> "Staged configuration to be applied after the next reboot";
            case REBOOT -> "Applied configuration with a reboot" + autoRebootReason.map(reason -> ": " + reason).orElse("");
            case TRY -> "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be "
                    + "automatically reverted back in " + GoDurations.format(tryTimeout(request));
            default -> "Applied configuration without a reboot";
        };
    }

    private static Duration tryTimeout(ApplyConfigurationRequest request) {
        if (!request.hasTryModeTimeout()) {
            return DEFAULT_TRY_TIMEOUT;
        }
        Duration timeout = Duration.ofSeconds(request.getTryModeTimeout().getSeconds(),
                request.getTryModeTimeout().getNanos());
        return timeout.isZero() || timeout.isNegative() ? DEFAULT_TRY_TIMEOUT : timeout;
    }

    private void requireConfigured() {
        if (stage == Stage.MAINTENANCE) {
            throw Status.UNIMPLEMENTED.withDescription(NOT_IN_MAINTENANCE).asRuntimeException();
        }
    }

    static void authorize(Caller caller, Set<String> allowed) {
        if (!caller.hasAny(allowed)) {
            throw Status.PERMISSION_DENIED.withDescription("not authorized").asRuntimeException();
        }
    }

    private static String hostPort(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    private static void requireLoopback(String address) {
        if (!IPAddress.isValid(address)) {
            throw new IllegalArgumentException("bind address must be an IP literal: " + address);
        }
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress() && !NetworkNamespace.isOwn()) {
                throw new IllegalArgumentException("simulated nodes bind only to loopback addresses (or to any address"
                        + " inside a network namespace of their own, e.g. under `ip netns exec`), not " + address);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad bind address " + address, e);
        }
    }

    /** An apply that took effect but whose reply the client never sees. */
    static final class LostReplyException extends StatusRuntimeException {
        LostReplyException() {
            super(Status.UNAVAILABLE.withDescription("connection reset by peer (reply lost after apply)"));
        }
    }

    @Override
    public String toString() {
        return "SimulatedNode[" + spec.hostname() + " " + spec.bindAddress() + "]";
    }

    static ByteString bytes(String text) {
        return ByteString.copyFromUtf8(text);
    }
}
