package dev.tailtalos.cli.config;

import dev.tailtalos.common.yaml.Yaml;
import dev.tailtalos.config.domain.TalosSecretsGenerator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "gensecret", mixinStandardHelpOptions = true,
        description = {"Create a Talos secrets bundle (talsecret.yaml), like talhelper gensecret.",
                "Encrypt it (sops -e -i) or import it into custody before committing it."})
public class GensecretCommand implements Callable<Integer> {

    @Option(names = {"-o", "--out"}, description = "write to this file (mode 0600) instead of stdout")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (out != null && Files.exists(out)) {
            System.err.println("error: " + out + " exists; refusing to overwrite a secrets bundle");
            return 1;
        }
        String yaml = new Yaml().write(new TalosSecretsGenerator().generate().toTree());
        if (out == null) {
            System.out.print(yaml);
            return 0;
        }
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.createFile(out, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(out, yaml, StandardCharsets.UTF_8);
        System.err.println("wrote a new secrets bundle to " + out);
        return 0;
    }
}
