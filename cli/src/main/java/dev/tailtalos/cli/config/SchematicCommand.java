package dev.tailtalos.cli.config;

import dev.tailtalos.config.domain.InstallerImage;
import dev.tailtalos.config.domain.NodeConfig;
import dev.tailtalos.config.domain.Schematic;
import dev.tailtalos.config.domain.SchematicId;
import dev.tailtalos.config.domain.Talconfig;
import dev.tailtalos.config.domain.OfficialExtensions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "schematic", mixinStandardHelpOptions = true,
        description = "Print the Image Factory schematic ID (computed offline) and the installer image.")
public class SchematicCommand implements Callable<Integer> {

    @Option(names = "--extension", description = "official extension, e.g. siderolabs/tailscale (repeatable, order matters)")
    List<String> extensions = new ArrayList<>();

    @Option(names = "--kernel-arg", description = "extra kernel argument (repeatable)")
    List<String> kernelArgs = new ArrayList<>();

    @Option(names = "--talos-version", description = "Talos version of the image (default: ${DEFAULT-VALUE})")
    String talosVersion = Talconfig.DEFAULT_TALOS_VERSION;

    @Option(names = "--registry", description = "Image Factory registry (default: ${DEFAULT-VALUE})")
    String registry = InstallerImage.DEFAULT_REGISTRY;

    @Option(names = "--mode", description = "platform of the installer (default: ${DEFAULT-VALUE})")
    String mode = "metal";

    @Option(names = "--secureboot", description = "the secureboot installer")
    boolean secureboot;

    @Option(names = "--legacy-installer", description = "factory.talos.dev/installer/<id> instead of <mode>-installer")
    boolean legacy;

    @Option(names = "--output", description = "text or json (default: ${DEFAULT-VALUE})")
    Output.Format output = Output.Format.text;

    @Option(names = "--no-validate", description = "skip the check against the Image Factory's official extensions "
            + "(talhelper's noSchematicValidate)")
    boolean noValidate;

    @Override
    public Integer call() {
        Schematic schematic = new Schematic(null, new Schematic.Customization(kernelArgs, null,
                new Schematic.SystemExtensions(extensions), null));
        if (!noValidate) {
            List<String> problems = new ArrayList<>();
            OfficialExtensions.check(schematic, talosVersion.startsWith("v") ? talosVersion : "v" + talosVersion,
                    "schematic", (field, what) -> problems.add(what.replace("set noSchematicValidate: true", "use --no-validate")));
            if (!problems.isEmpty()) {
                problems.forEach(p -> System.err.println("schematic: " + p));
                return 2;
            }
        }
        String id = SchematicId.of(schematic);
        String version = talosVersion.startsWith("v") ? talosVersion : "v" + talosVersion;
        String image = InstallerImage.factoryImage(id, version, registry,
                legacy ? InstallerImage.Form.LEGACY : InstallerImage.Form.PLATFORM,
                new NodeConfig.MachineSpec(mode, null, secureboot, false));
        if (output == Output.Format.json) {
            Output.print(System.out, Output.JSON.createObjectNode().put("id", id).put("installer", image)
                    .put("schematic", SchematicId.canonicalYaml(schematic)));
        } else {
            System.out.println("schematic: " + id);
            System.out.println("installer: " + image);
        }
        return 0;
    }
}
