package dev.tailtalos.config.domain;

import java.util.List;

/** An Image Factory schematic (the subset tailtalos understands). Field order follows image-factory's struct. */
public record Schematic(Overlay overlay, Customization customization) {

    public Schematic {
        customization = customization == null ? Customization.EMPTY : customization;
    }

    /** {@code customization: {}}, the vanilla image's schematic. */
    public static final Schematic EMPTY = new Schematic(null, null);

    public static Schematic ofExtensions(String... officialExtensions) {
        return new Schematic(null, new Customization(null, null, new SystemExtensions(List.of(officialExtensions)), null));
    }

    public record Overlay(String image, String name) {
    }

    public record Customization(List<String> extraKernelArgs, List<Meta> meta, SystemExtensions systemExtensions,
                                SecureBoot secureboot) {
        static final Customization EMPTY = new Customization(null, null, null, null);

        public Customization {
            extraKernelArgs = Lists.copy(extraKernelArgs);
            meta = Lists.copy(meta);
        }

        public List<String> officialExtensions() {
            return systemExtensions == null ? List.of() : systemExtensions.officialExtensions();
        }
    }

    public record SystemExtensions(List<String> officialExtensions) {
        public SystemExtensions {
            officialExtensions = Lists.copy(officialExtensions);
        }
    }

    public record Meta(int key, String value) {
    }

    public record SecureBoot(Boolean includeWellKnownCertificates) {
    }
}
