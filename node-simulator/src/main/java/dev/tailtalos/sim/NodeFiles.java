package dev.tailtalos.sim;

import io.grpc.Status;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** The few files a simulated node can Read, with machined's answers for directories and missing paths. */
final class NodeFiles {

    private static final Set<String> DIRECTORIES = Set.of("/", "/proc", "/proc/sys", "/proc/sys/kernel",
            "/proc/sys/kernel/random", "/etc", "/system", "/system/state", "/var", "/var/log");

    private NodeFiles() {
    }

    static byte[] read(String path, Function<String, Optional<byte[]>> files) {
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (DIRECTORIES.contains(normalized)) {
            throw Status.INVALID_ARGUMENT.withDescription("path must be a regular file").asRuntimeException();
        }
        return files.apply(normalized).orElseThrow(() -> Status.NOT_FOUND
                .withDescription("stat " + path + ": no such file or directory").asRuntimeException());
    }

    /** Bytes of the simulated /proc/kallsyms: a few MiB, like a real kernel's, for large-payload (path-MTU) probes. */
    static final int KALLSYMS_BYTES = 4 * 1024 * 1024;

    private static volatile byte[] kallsyms;

    /**
     * A deterministic /proc/kallsyms of {@link #KALLSYMS_BYTES} bytes, addresses zeroed as with kptr_restrict. Built
     * once and shared; callers must not modify it.
     */
    static byte[] kallsyms() {
        byte[] content = kallsyms;
        if (content == null) {
            StringBuilder text = new StringBuilder(KALLSYMS_BYTES + 64);
            String[] kinds = {"T", "t", "D", "d", "R", "r", "B", "b"};
            for (int symbol = 0; text.length() < KALLSYMS_BYTES; symbol++) {
                text.append("0000000000000000 ").append(kinds[symbol % kinds.length]).append(" sim_symbol_")
                        .append(Integer.toHexString(symbol)).append('\n');
            }
            text.setLength(KALLSYMS_BYTES - 1);
            text.append('\n');
            content = text.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            kallsyms = content;
        }
        return content;
    }

    /** A two-core /proc/cpuinfo: a few KiB, enough to exercise chunking and MTU probes. */
    static String cpuinfo() {
        StringBuilder text = new StringBuilder();
        for (int cpu = 0; cpu < 2; cpu++) {
            text.append("processor\t: ").append(cpu).append('\n')
                    .append("vendor_id\t: GenuineIntel\ncpu family\t: 6\nmodel\t\t: 85\n")
                    .append("model name\t: Intel(R) Xeon(R) CPU (simulated)\nstepping\t: 7\ncpu MHz\t\t: 2500.000\n")
                    .append("cache size\t: 36608 KB\nphysical id\t: 0\nsiblings\t: 2\ncore id\t\t: ").append(cpu)
                    .append("\ncpu cores\t: 2\nfpu\t\t: yes\nfpu_exception\t: yes\ncpuid level\t: 13\nwp\t\t: yes\n")
                    .append("flags\t\t: fpu vme de pse tsc msr pae mce cx8 apic sep mtrr pge mca cmov pat pse36 clflush ")
                    .append("mmx fxsr sse sse2 ss ht syscall nx pdpe1gb rdtscp lm constant_tsc rep_good nopl xtopology ")
                    .append("nonstop_tsc cpuid tsc_known_freq pni pclmulqdq ssse3 fma cx16 pcid sse4_1 sse4_2 x2apic ")
                    .append("movbe popcnt aes xsave avx f16c rdrand hypervisor lahf_lm abm 3dnowprefetch fsgsbase ")
                    .append("bmi1 avx2 smep bmi2 erms invpcid avx512f avx512dq rdseed adx smap clflushopt clwb ")
                    .append("avx512cd avx512bw avx512vl xsaveopt xsavec xgetbv1 xsaves arat pku ospke avx512_vnni\n")
                    .append("bugs\t\t: spectre_v1 spectre_v2 spec_store_bypass swapgs taa mmio_stale_data retbleed\n")
                    .append("bogomips\t: 5000.00\nclflush size\t: 64\ncache_alignment\t: 64\n")
                    .append("address sizes\t: 46 bits physical, 48 bits virtual\npower management:\n\n");
        }
        return text.toString();
    }
}
