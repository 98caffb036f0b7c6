package dev.tailtalos.monitor.adapters;

import dev.tailtalos.common.talos.DialPolicy;
import dev.tailtalos.common.talos.TalosCallException;
import dev.tailtalos.common.talos.TalosClient;
import dev.tailtalos.common.talos.TalosCredentials;
import dev.tailtalos.common.talos.TalosEndpoint;
import dev.tailtalos.monitor.domain.HealthVerdict.Check;
import dev.tailtalos.monitor.domain.PayloadDeadline;
import dev.tailtalos.monitor.domain.PayloadProbe;
import dev.tailtalos.monitor.domain.PayloadProbe.Transfer;
import io.grpc.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Streams one large file (machined's Read, default {@code /proc/kallsyms}: a few MB, chunked) over the LAN and over the
 * tailnet, each within a deadline adapted to the measured LAN transfer and small-call latency, and judges the pair with {@link PayloadProbe}: a tailnet transfer that stalls while
 * the LAN one completes is a path-MTU blackhole. The verdict is reused for {@code every} per node and endpoint pair, so
 * frequent health probes do not stream megabytes each time.
 */
public class LargePayloadProbe {
    /**
     * What to read, the floor of a transfer's deadline (the deadline adapts to measured latencies, see
     * {@link PayloadDeadline}), how long a verdict is reused (zero: measure every time).
     */
    public record Settings(String path, Duration timeout, Duration every) {
    }

    private record Measured(String lanEndpoint, String tailnetEndpoint, Check check, Instant at) {
    }

    private final TalosCredentials credentials;
    private final DialPolicy dialPolicy;
    private final Settings settings;
    private final Clock clock;
    private final Map<String, Measured> last = new ConcurrentHashMap<>();

    public LargePayloadProbe(TalosCredentials credentials, DialPolicy dialPolicy, Settings settings, Clock clock) {
        this.credentials = credentials;
        this.dialPolicy = dialPolicy;
        this.settings = settings;
        this.clock = clock;
    }

    /** @param smallCallOverTailnetOk whether Version over the tailnet just worked */
    public Check check(String nodeId, String lanEndpoint, String tailnetEndpoint, boolean smallCallOverTailnetOk) {
        Instant now = clock.instant();
        Measured previous = last.get(nodeId);
        if (previous != null && previous.lanEndpoint().equals(lanEndpoint)
                && previous.tailnetEndpoint().equals(tailnetEndpoint) && now.isBefore(previous.at().plus(settings.every()))) {
            Check c = previous.check();
            return new Check(c.name(), c.result(), c.detail() + " (measured " + previous.at() + ")", c.recommendation(),
                    c.path());
        }
        String lanHost = TalosEndpoint.parse(lanEndpoint).host();
        long lanSmall = smallCall(lanEndpoint, null);
        Transfer lan = transfer(lanEndpoint, null, PayloadDeadline.forLan(settings.timeout(), Math.max(lanSmall, 0)));
        Check check;
        if (!lan.completed() && lan.error() != null && lan.error().startsWith(Status.Code.PERMISSION_DENIED.name())) {
            check = Check.skipped(PayloadProbe.CHECK, "tailnet", "reading " + settings.path() + " needs os:admin: "
                    + lan.error());
        } else {
            // the path is the subject here, not the names (tailnet-cert-sans checks those): name the LAN host
            long tailnetSmall = smallCall(tailnetEndpoint, lanHost);
            Duration deadline = PayloadDeadline.forTailnet(settings.timeout(), lan.millis(), Math.max(tailnetSmall, 0));
            Transfer tailnet = transfer(tailnetEndpoint, lanHost, deadline);
            check = PayloadProbe.judge(smallCallOverTailnetOk && tailnetSmall >= 0, tailnet, lan,
                    lan.completed() ? lan.bytes() : 1);
            check = new Check(check.name(), check.result(), check.detail() + " (" + settings.path() + "; LAN "
                    + lan.bytes() + " bytes in " + lan.millis() + " ms; "
                    + PayloadDeadline.explain(deadline, settings.timeout(), lan.millis(), Math.max(tailnetSmall, 0))
                    + ")", check.recommendation(), check.path());
        }
        last.put(nodeId, new Measured(lanEndpoint, tailnetEndpoint, check, now));
        return check;
    }

    /** Milliseconds a Version call takes over this endpoint once connected (the second of two), or -1 on failure. */
    long smallCall(String endpoint, String serverName) {
        try (TalosClient client = TalosClient.builder(endpoint).credentials(credentials).dialPolicy(dialPolicy)
                .tlsServerName(serverName).callTimeout(settings.timeout()).build()) {
            client.version();
            long start = System.nanoTime();
            client.version();
            return millisSince(start);
        } catch (RuntimeException e) {
            return -1;
        }
    }

    Transfer transfer(String endpoint, String serverName, Duration deadline) {
        AtomicLong bytes = new AtomicLong();
        long start = System.nanoTime();
        try (TalosClient client = TalosClient.builder(endpoint).credentials(credentials).dialPolicy(dialPolicy)
                .tlsServerName(serverName).callTimeout(deadline).build()) {
            client.read(settings.path(), chunk -> bytes.addAndGet(chunk.size()));
            return new Transfer(bytes.get(), true, null, millisSince(start));
        } catch (TalosCallException e) {
            String why = e.code() == Status.Code.DEADLINE_EXCEEDED
                    ? "the " + deadline.toMillis() + " ms deadline passed (" + e.code() + ")"
                    : e.code() + ": " + e.getMessage();
            return new Transfer(bytes.get(), false, e.code() == Status.Code.PERMISSION_DENIED ? e.code() + ": "
                    + e.getMessage() : why, millisSince(start));
        } catch (RuntimeException e) {
            return new Transfer(bytes.get(), false, e.getMessage(), millisSince(start));
        }
    }

    private static long millisSince(long start) {
        return Duration.ofNanos(System.nanoTime() - start).toMillis();
    }
}
