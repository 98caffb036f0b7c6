package dev.tailtalos.config.domain;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Checks rendered documents against the Talos config JSON schema of their Talos line. */
public interface ConfigSchema {

    /** Checks nothing: for callers that only want talhelper's rendering. */
    ConfigSchema NONE = (file, contract, documents) -> List.of();

    /**
     * @param file the node's output file, named in the problems
     * @return one error per schema violation, naming the document and the JSON path in it; empty when valid
     */
    List<ConfigProblem> check(String file, TalosContract contract, List<ObjectNode> documents);
}
