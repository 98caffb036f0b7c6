package dev.tailtalos.common.crypto.sops;

import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.resolver.Resolver;

import java.math.BigInteger;

/** SnakeYAML resolver with go-yaml v3 rules for plain scalars; quoted scalars are always strings. */
final class GoYamlResolver extends Resolver {
    @Override
    public Tag resolve(NodeId kind, String value, boolean implicit) {
        if (kind != NodeId.scalar) {
            return super.resolve(kind, value, implicit);
        }
        if (!implicit) {
            return Tag.STR;
        }
        Object v = GoYamlScalars.resolvePlain(value);
        if (v == null) {
            return Tag.NULL;
        }
        if (v instanceof Boolean) {
            return Tag.BOOL;
        }
        if (v instanceof Long || v instanceof BigInteger) {
            return Tag.INT;
        }
        if (v instanceof Double) {
            return Tag.FLOAT;
        }
        if (v instanceof GoTime) {
            return Tag.TIMESTAMP;
        }
        return Tag.STR;
    }
}
