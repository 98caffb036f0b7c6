package dev.tailtalos.common.yaml;

/** Builds the human-readable paths used in errors: {@code machine.network.interfaces[0].vip}. */
public final class YamlPath {

    private YamlPath() {
    }

    public static String field(String parent, String name) {
        return parent.isEmpty() ? name : parent + "." + name;
    }

    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
