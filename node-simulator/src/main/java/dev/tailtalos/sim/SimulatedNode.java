package dev.tailtalos.sim;

import dev.tailtalos.common.talos.pki.CertificateAuthority;
import dev.tailtalos.common.talos.pki.IssuedCertificate;
import dev.tailtalos.proto.talos.machine.ApplyConfiguration;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest;
import dev.tailtalos.proto.talos.machine.ApplyConfigurationRequest.Mode;
import dev.tailtalos.proto.talos.machine.FeaturesInfo;
import dev.tailtalos.proto.talos.machine.PlatformInfo;
import dev.tailtalos.proto.talos.machine.ServiceEvent;
import dev.tailtalos.proto.talos.machine.ServiceEvents;
import dev.tailtalos.proto.talos.machine.ServiceHealth;
import dev.tailtalos.proto.talos.machine.ServiceInfo;
import dev.tailtalos.proto.talos.machine.ServiceList;
import dev.tailtalos.proto.talos.machine.Version;
import dev.tailtalos.proto.talos.machine.VersionInfo;
import com.google.protobuf.Timestamp;
import io.grpc.Server;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.GrpcSslContexts;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.ClientAuth;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContextBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.bouncycastle.util.IPAddress;

/**
 * One simulated Talos node: the machine API over mutual TLS on a loopback address, with the configuration
 * kept in memory only. The server certificate is re-issued live when {@code machine.certSANs} changes.
 */
public final class SimulatedNode implements AutoCloseable {

    public static final String DEFAULT_TALOS_VERSION = "v1.10.4";
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
    static final Duration DEFAULT_TRY_TIMEOUT = Duration.ofMinutes(1);

    private static final Set<String> ADMIN = Set.of(Caller.ADMIN);
    private static final Set<String> READ = Set.of(Caller.ADMIN, Caller.OPERATOR, Caller.READER);

    private final NodeSpec spec;
    private final CertificateAuthority osCa;
    private final String talosVersion;
    private final SwappableKeyManager keyManager = new SwappableKeyManager();
    private final Instant bootTime = Instant.now();
    private final ScheduledExecutorService tryReverter;
    private volatile Function<String, Optional<SimulatedNode>> peers = target -> Optional.empty();

    private Server server;
    private MachineConfigDocuments config;
    private MachineConfigDocuments stagedConfig;
    private ScheduledFuture<?> pendingRevert;
    private List<String> servedSans = List.of();
    private int applyCount;

    public SimulatedNode(NodeSpec spec, CertificateAuthority osCa, String talosVersion) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.osCa = Objects.requireNonNull(osCa, "osCa");
        this.talosVersion = Objects.requireNonNull(talosVersion, "talosVersion");
        requireLoopback(spec.bindAddress());
        this.tryReverter = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "try-revert-" + spec.hostname());
            thread.setDaemon(true);
            return thread;
        });
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException(spec.hostname() + " already started");
        }
        reissueServerCertificateIfSansChanged();
        SslContext sslContext = GrpcSslContexts.configure(SslContextBuilder.forServer(keyManager), SslProvider.JDK)
                .trustManager(osCa.certificate())
                .clientAuth(ClientAuth.REQUIRE)
                .protocols("TLSv1.3")
                .build();
        server = NettyServerBuilder
                .forAddress(new InetSocketAddress(InetAddress.getByName(spec.bindAddress()), spec.port()))
                .sslContext(sslContext)
                .maxInboundMessageSize(MAX_MESSAGE_BYTES)
                .addService(ServerInterceptors.intercept(new MachineServiceSimulation(this), new CallerInterceptor()))
                .build()
                .start();
    }

    @Override
    public synchronized void close() {
        tryReverter.shutdownNow();
        if (server != null) {
            server.shutdownNow();
            try {
                server.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public NodeSpec spec() {
        return spec;
    }

    public String hostname() {
        return spec.hostname();
    }

    /** The bound port (the ephemeral one when the spec asked for port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException(spec.hostname() + " is not started");
        }
        return server.getPort();
    }

    /** host:port to dial, e.g. {@code 127.0.10.1:50000}. */
    public String endpoint() {
        String host = spec.bindAddress().contains(":") ? "[" + spec.bindAddress() + "]" : spec.bindAddress();
        return host + ":" + port();
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

    public X509Certificate serverCertificate() {
        return keyManager.current();
    }

    /** Addresses this node answers to in {@code nodes}/{@code node} routing metadata. */
    public boolean answersTo(String target) {
        return spec.hostname().equals(target) || spec.bindAddress().equals(target)
                || spec.extraAddresses().contains(target);
    }

    void peers(Function<String, Optional<SimulatedNode>> peers) {
        this.peers = Objects.requireNonNull(peers);
    }

    Optional<SimulatedNode> route(String target) {
        return answersTo(target) ? Optional.of(this) : peers.apply(target);
    }

    Version version(Caller caller) {
        authorize(caller, READ);
        Version.Builder version = Version.newBuilder()
                .setVersion(VersionInfo.newBuilder().setTag(talosVersion).setSha("3c119bf87")
                        .setBuilt("").setGoVersion("go1.24.4").setOs("linux").setArch("amd64"))
                .setPlatform(PlatformInfo.newBuilder().setName("metal").setMode("metal"));
        if (appliedConfig().isPresent()) {
            version.setFeatures(FeaturesInfo.newBuilder().setRbac(true));
        }
        return version.build();
    }

    synchronized ApplyConfiguration apply(Caller caller, ApplyConfigurationRequest request) {
        authorize(caller, ADMIN);
        MachineConfigDocuments applied = MachineConfigDocuments.parse(request.getData().toByteArray());
        Mode mode = request.getMode() == Mode.AUTO ? Mode.NO_REBOOT : request.getMode();
        String details = details(mode, request);
        if (request.getDryRun()) {
            return ApplyConfiguration.newBuilder().setMode(mode)
                    .setModeDetails("Dry run summary:\n" + details + " (skipped in dry-run).\nConfig diff:\n\n"
                            + LineDiff.diff(config == null ? "" : config.yaml(), applied.yaml()))
                    .build();
        }
        if (mode == Mode.STAGED) {
            stagedConfig = applied;
        } else {
            MachineConfigDocuments previous = config;
            cancelPendingRevert();
            activate(applied);
            if (mode == Mode.TRY) {
                pendingRevert = tryReverter.schedule(() -> revert(applied, previous),
                        tryTimeout(request).toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        applyCount++;
        return ApplyConfiguration.newBuilder().setMode(mode).setModeDetails(details).build();
    }

    synchronized ServiceList serviceList(Caller caller) {
        authorize(caller, READ);
        List<ServiceInfo> services = new ArrayList<>();
        services.add(running("apid"));
        services.add(running("machined"));
        services.add(config == null ? waiting("kubelet", "Waiting for machine configuration") : running("kubelet"));
        if (config != null) {
            services.add(config.extensionServiceConfigs().contains("tailscale")
                    ? running("ext-tailscale")
                    : waiting("ext-tailscale", "Waiting for extension service config"));
        }
        return ServiceList.newBuilder().addAllServices(services).build();
    }

    private void activate(MachineConfigDocuments applied) {
        config = applied;
        reissueServerCertificateIfSansChanged();
    }

    private synchronized void revert(MachineConfigDocuments tried, MachineConfigDocuments previous) {
        if (config == tried) {
            config = previous;
            reissueServerCertificateIfSansChanged();
        }
    }

    private void cancelPendingRevert() {
        if (pendingRevert != null) {
            pendingRevert.cancel(false);
            pendingRevert = null;
        }
    }

    private synchronized void reissueServerCertificateIfSansChanged() {
        List<String> sans = new ArrayList<>();
        sans.add(spec.bindAddress());
        sans.addAll(spec.extraAddresses());
        sans.add(spec.hostname());
        if (config != null) {
            sans.addAll(config.certSans());
        }
        List<String> distinct = sans.stream().distinct().toList();
        if (distinct.equals(servedSans)) {
            return;
        }
        List<String> ips = distinct.stream().filter(IPAddress::isValid).toList();
        List<String> dns = distinct.stream().filter(san -> !IPAddress.isValid(san)).toList();
        IssuedCertificate certificate = osCa.issueServerCertificate(spec.hostname(), ips, dns,
                CertificateAuthority.SERVER_VALIDITY);
        keyManager.install(certificate);
        servedSans = distinct;
    }

    private static String details(Mode mode, ApplyConfigurationRequest request) {
        switch (mode) {
            case STAGED:
                return "Staged configuration to be applied after the next reboot";
            case REBOOT:
                return "Applied configuration with a reboot";
            case TRY:
                return "Applied configuration without a reboot\nThe config is applied in 'try' mode and will be "
                        + "automatically reverted back in " + GoDurations.format(tryTimeout(request));
            default:
                return "Applied configuration without a reboot";
        }
    }

    private static Duration tryTimeout(ApplyConfigurationRequest request) {
        if (!request.hasTryModeTimeout()) {
            return DEFAULT_TRY_TIMEOUT;
        }
        Duration timeout = Duration.ofSeconds(request.getTryModeTimeout().getSeconds(),
                request.getTryModeTimeout().getNanos());
        return timeout.isZero() || timeout.isNegative() ? DEFAULT_TRY_TIMEOUT : timeout;
    }

    private ServiceInfo running(String id) {
        Timestamp started = timestamp(bootTime);
        return ServiceInfo.newBuilder().setId(id).setState("Running")
                .setEvents(ServiceEvents.newBuilder()
                        .addEvents(ServiceEvent.newBuilder().setMsg("Starting").setState("Starting").setTs(started))
                        .addEvents(ServiceEvent.newBuilder().setMsg("Health check successful").setState("Running")
                                .setTs(started)))
                .setHealth(ServiceHealth.newBuilder().setHealthy(true).setLastChange(started))
                .build();
    }

    private ServiceInfo waiting(String id, String message) {
        Timestamp since = timestamp(bootTime);
        return ServiceInfo.newBuilder().setId(id).setState("Waiting")
                .setEvents(ServiceEvents.newBuilder()
                        .addEvents(ServiceEvent.newBuilder().setMsg(message).setState("Waiting").setTs(since)))
                .setHealth(ServiceHealth.newBuilder().setUnknown(true).setLastChange(since))
                .build();
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }

    private static void authorize(Caller caller, Set<String> allowed) {
        if (!caller.hasAny(allowed)) {
            throw Status.PERMISSION_DENIED.withDescription("not authorized").asRuntimeException();
        }
    }

    private static void requireLoopback(String address) {
        if (!IPAddress.isValid(address)) {
            throw new IllegalArgumentException("bind address must be an IP literal: " + address);
        }
        try {
            if (!InetAddress.getByName(address).isLoopbackAddress()) {
                throw new IllegalArgumentException("simulated nodes bind only to loopback addresses, not " + address);
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad bind address " + address, e);
        }
    }

    @Override
    public String toString() {
        return "SimulatedNode[" + spec.hostname() + " " + spec.bindAddress() + "]";
    }

}
