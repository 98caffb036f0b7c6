package dev.tailtalos.config.domain;

import dev.tailtalos.common.text.DidYouMean;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * The Image Factory's official system extensions and overlays per Talos version (talhelper v3.1.16's bundled list, kept
 * as {@code talos-extensions.tsv}), and talhelper's schematic check against them: every extension must be official for
 * the node's Talos version (an unlisted version falls back to talhelper's LatestTalosVersion), none may repeat, and an
 * overlay needs both image and name and must be official.
 */
public final class OfficialExtensions {

    private static final String TABLE = "/talos-extensions.tsv";
    private static final OfficialExtensions INSTANCE = load();

    private record Release(Set<String> extensions, Map<String, String> overlayImages) {
    }

    private final Map<String, Release> releases;

    private OfficialExtensions(Map<String, Release> releases) {
        this.releases = releases;
    }

    /** Reports each problem of {@code schematic} for {@code talosVersion} at {@code field}. */
    public static void check(Schematic schematic, String talosVersion, String field, BiConsumer<String, String> error) {
        if (schematic == null) {
            return;
        }
        Release release = INSTANCE.releases.getOrDefault(talosVersion,
                INSTANCE.releases.get(Talconfig.DEFAULT_TALOS_VERSION));
        String version = INSTANCE.releases.containsKey(talosVersion) ? talosVersion : Talconfig.DEFAULT_TALOS_VERSION;
        Set<String> seen = new HashSet<>();
        List<String> extensions = schematic.customization().officialExtensions();
        for (int i = 0; i < extensions.size(); i++) {
            String extension = extensions.get(i);
            String at = field + ".customization.systemExtensions.officialExtensions[" + i + "]";
            if (!release.extensions().contains(extension)) {
                error.accept(at, "\"" + extension + "\" is not a supported Talos extension for \"" + version + "\""
                        + DidYouMean.hint(extension, release.extensions())
                        + " (set noSchematicValidate: true for an extension the Image Factory list does not have)");
            }
            if (!seen.add(extension)) {
                error.accept(at, "duplicate system extension \"" + extension + "\"");
            }
        }
        Schematic.Overlay overlay = schematic.overlay();
        if (overlay != null && (!blank(overlay.image()) || !blank(overlay.name()))) {
            if (blank(overlay.image()) || blank(overlay.name())) {
                error.accept(field + ".overlay", "both `image` and `name` is required to be set");
            } else if (!overlay.image().equals(release.overlayImages().get(overlay.name()))) {
                error.accept(field + ".overlay", overlay.name() + " (" + overlay.image()
                        + ") is not a supported Talos overlay for \"" + version + "\"");
            }
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static OfficialExtensions load() {
        try (InputStream in = OfficialExtensions.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + TABLE);
            }
            Map<String, Set<String>> extensionSets = new HashMap<>();
            Map<String, Map<String, String>> overlaySets = new HashMap<>();
            Map<String, Release> releases = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                switch (cells[0]) {
                    case "ext" -> extensionSets.put(cells[1], Set.copyOf(split(cells[2])));
                    case "overlay" -> {
                        Map<String, String> images = new HashMap<>();
                        for (String pair : split(cells[2])) {
                            images.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
                        }
                        overlaySets.put(cells[1], Map.copyOf(images));
                    }
                    case "version" -> releases.put(cells[1],
                            new Release(extensionSets.get(cells[2]), overlaySets.get(cells[3])));
                    default -> throw new IllegalStateException(TABLE + ": unexpected line " + line);
                }
            }
            return new OfficialExtensions(Map.copyOf(releases));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> split(String list) {
        return list.isEmpty() ? List.of() : Arrays.asList(list.split(","));
    }
}
