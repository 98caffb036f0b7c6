package dev.tailtalos.cli.talos;

import picocli.CommandLine;
import picocli.CommandLine.Command;

@Command(name = "talos", mixinStandardHelpOptions = true,
        description = {"A talosctl-compatible Talos API client (mTLS with a talosconfig).",
                "Flags as talosctl: -n/--nodes, -e/--endpoints, --talosconfig (default $TALOSCONFIG, then ~/.talos/config)."},
        subcommands = {TalosVersionCommand.class, TalosApplyConfigCommand.class, TalosGetCommand.class,
                TalosServiceCommand.class, TalosLogsCommand.class, TalosReadCommand.class})
public class TalosCommand implements Runnable {

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
