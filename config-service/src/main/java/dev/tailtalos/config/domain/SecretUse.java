package dev.tailtalos.config.domain;

/**
 * A secret reference found in a rendered config.
 *
 * @param uri    {@code custody://<path>[#<field>]}
 * @param usedAt document label and path, e.g. {@code v1alpha1:machine.ca.key} or
 *               {@code ExtensionServiceConfig/tailscale:environment[0]}
 */
public record SecretUse(String uri, String usedAt) {
}
