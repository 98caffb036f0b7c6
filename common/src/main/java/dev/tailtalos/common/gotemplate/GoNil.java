package dev.tailtalos.common.gotemplate;

/**
 * A nil pointer, slice-less: {@code *bool} or {@code *v1alpha1.NetworkConfig} that the YAML leaves out.
 *
 * @param pointee the zero struct it would point to (for field errors), or null when it does not point to a struct
 */
public record GoNil(String goType, GoStruct pointee) {
}
