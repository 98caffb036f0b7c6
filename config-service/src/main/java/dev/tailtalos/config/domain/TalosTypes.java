package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Gives rendered documents the value types Talos decodes them into, as talhelper's output has them: a number or boolean
 * in a field Talos types as a string (extraArgs, sysctls, env, labels, …) becomes its text.
 */
public interface TalosTypes {

    /** Leaves values as they are: for callers that do not render for a node. */
    TalosTypes NONE = (contract, documents) -> { };

    /** Retypes {@code documents} in place. */
    void apply(TalosContract contract, List<ObjectNode> documents);
}
