package dev.tailtalos.sim;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The kernel ring buffer of one boot, as machined's Dmesg formats /dev/kmsg records:
 * {@code facility: priority: [RFC 3339 timestamp]: message} and the record's newline (priority right-aligned to 7).
 * A reboot ends the log:
 * followers of the old boot are completed, as the stream of a rebooting node ends.
 */
final class KernelLog {

    private static final DateTimeFormatter RFC3339_NANO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX")
            .withZone(ZoneOffset.UTC);
    private static final int KEPT_RECORDS = 2_000;

    private record Follower(Consumer<String> records, Runnable done) {
    }

    private final List<String> records = new ArrayList<>();
    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private boolean closed;

    /** The messages a Talos v1.10 boot writes before machined is up, stamped from {@code bootTime}. */
    static KernelLog boot(Instant bootTime, String talosVersion, String hostname) {
        KernelLog log = new KernelLog();
        String[][] boot = {
            {"kern", "notice", "Linux version 6.12.31-talos (@buildkitsandbox) (gcc (GCC) 14.2.0, GNU ld (GNU Binutils) "
                    + "2.44) #1 SMP Tue Jun  3 13:43:34 UTC 2025"},
            {"kern", "info", "Command line: talos.platform=metal console=ttyS0 init_on_alloc=1 slab_nomerge pti=on "
                    + "consoleblank=0 nvme_core.io_timeout=4294967295 printk.devkmsg=on ima_template=ima-ng "
                    + "ima_appraise=fix ima_hash=sha512 net.ifnames=0"},
            {"kern", "info", "BIOS-provided physical RAM map:"},
            {"kern", "info", "Memory: 8023412K/8388084K available (22528K kernel code, 2735K rwdata)"},
            {"kern", "info", "smpboot: Allowing 4 CPUs, 0 hotplug CPUs"},
            {"kern", "info", "virtio_net virtio0 eth0: renamed from eth0"},
            {"user", "warning", "[talos] [initramfs] booting Talos " + talosVersion},
            {"user", "warning", "[talos] [initramfs] mounting the rootfs"},
            {"user", "warning", "[talos] setting hostname {\"component\": \"controller-runtime\", \"controller\": "
                    + "\"network.HostnameSpecController\", \"hostname\": \"" + hostname + "\"}"},
            {"kern", "info", "IPv6: ADDRCONF(NETDEV_CHANGE): eth0: link becomes ready"},
            {"user", "warning", "[talos] service[apid](Running): Health check successful"},
            {"user", "warning", "[talos] service[machined](Running): Health check successful"},
        };
        for (int i = 0; i < boot.length; i++) {
            log.append(boot[i][0], boot[i][1], bootTime.plus(Duration.ofMillis(37L * i)), boot[i][2]);
        }
        return log;
    }

    void append(String facility, String priority, Instant at, String message) {
        String record = String.format("%s: %7s: [%s]: %s", facility, priority, RFC3339_NANO.format(at), message) + "\n";
        synchronized (this) {
            if (closed) {
                return;
            }
            records.add(record);
            if (records.size() > KEPT_RECORDS) {
                records.remove(0);
            }
        }
        followers.forEach(follower -> follower.records().accept(record));
    }

    /**
     * Sends the kept records (none with {@code fromTail}), then, when following, every new one until the boot ends.
     *
     * @return how to stop following
     */
    Runnable read(boolean follow, boolean fromTail, Consumer<String> emit, Runnable done) {
        Follower follower = new Follower(emit, done);
        List<String> existing;
        synchronized (this) {
            existing = fromTail ? List.of() : List.copyOf(records);
            if (follow && !closed) {
                followers.add(follower);
            }
        }
        existing.forEach(emit);
        if (!follow || !followers.contains(follower)) {
            done.run();
        }
        return () -> followers.remove(follower);
    }

    /** The boot ended: followers' streams complete. */
    void close() {
        synchronized (this) {
            closed = true;
        }
        followers.forEach(follower -> follower.done().run());
        followers.clear();
    }
}
