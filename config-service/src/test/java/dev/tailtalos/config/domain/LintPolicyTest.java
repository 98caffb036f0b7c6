package dev.tailtalos.config.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.tailtalos.common.yaml.Yaml;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LintPolicyTest {

    private static final LintFinding PLAINTEXT = LintFinding.error("patches/ts.yaml:3", "", LintRules.PLAINTEXT_AUTH_KEY,
            "a Tailscale key is stored in plain text", "import it into custody");
    private static final LintFinding SUBNETS = LintFinding.error("node n1", "machine.kubelet.nodeIP.validSubnets",
            "kubelet-subnets-include-tailnet", "does not exclude 100.64.0.0/10", "add !100.64.0.0/10");
    private static final LintFinding STATE = LintFinding.warning("node n1", "environment", "state-dir-missing",
            "TS_STATE_DIR is not set", "set it");

    @TempDir
    Path repo;

    private final Yaml yaml = new Yaml();

    @Test
    void aStandaloneRenderOnlyInforms() {
        LintPolicy.Verdict verdict = LintPolicy.INFORM.judge(List.of(PLAINTEXT, SUBNETS, STATE));
        assertThat(verdict.blocking()).isEmpty();
        assertThat(verdict.warnings()).containsExactly(PLAINTEXT, SUBNETS, STATE);
    }

    @Test
    void strictBlocksEveryError() {
        assertThat(LintPolicy.STRICT.judge(List.of(PLAINTEXT, SUBNETS, STATE)).blocking()).containsExactly(PLAINTEXT, SUBNETS);
    }

    @Test
    void withoutAPolicyFileARolloutBlocksOnlyExposedSecrets() {
        LintPolicy policy = LintPolicyFile.load(yaml, repo);
        LintPolicy.Verdict verdict = policy.judge(List.of(PLAINTEXT, SUBNETS, STATE));
        assertThat(verdict.blocking()).containsExactly(PLAINTEXT);
        assertThat(verdict.warnings()).containsExactly(SUBNETS, STATE);
        assertThat(verdict.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo("patches/ts.yaml:3");
            assertThat(p.message()).startsWith("[plaintext-auth-key]");
        });
    }

    @Test
    void theRepoPolicyMovesRulesBetweenBlockWarnAndIgnore() throws IOException {
        Files.writeString(repo.resolve("tailtalos.yaml"), """
                rollout:
                  anything: [the rollout part reads this]
                lint:
                  block: [kubelet-subnets-include-tailnet]
                  warn: [plaintext-auth-key]
                  ignore: [state-dir-missing]
                """);
        LintPolicy.Verdict verdict = LintPolicyFile.load(yaml, repo).judge(List.of(PLAINTEXT, SUBNETS, STATE));
        assertThat(verdict.blocking()).containsExactly(SUBNETS);
        assertThat(verdict.warnings()).containsExactly(PLAINTEXT);
    }

    @Test
    void unknownKeysRulesAndRulesInTwoListsAreRefusedWithFieldAndLine() throws IOException {
        Files.writeString(repo.resolve("tailtalos.yaml"), """
                lint:
                  block:
                    - plaintext-auth-key
                    - no-such-rule
                  warn: [plaintext-auth-key]
                  blokc: []
                """);
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class,
                () -> LintPolicyFile.load(yaml, repo));
        assertThat(e.errors()).extracting(ConfigProblem::file).containsOnly("tailtalos.yaml");
        assertThat(e.errors()).extracting(p -> p.field() + ":" + p.line())
                .containsExactly("lint.block[1]:4", "lint.warn[0]:5", "lint.blokc:6");
        assertThat(e.errors().get(0).message()).contains("unknown lint rule 'no-such-rule'");
        assertThat(e.errors().get(1).message()).contains("already in lint.block");
        assertThat(e.errors().get(2).message()).contains("unknown key blokc");
    }

    @Test
    void aPolicyThatIsNotAMappingIsRefused() throws IOException {
        Files.writeString(repo.resolve("tailtalos.yaml"), "lint: [plaintext-auth-key]\n");
        ConfigValidationException e = catchThrowableOfType(ConfigValidationException.class,
                () -> LintPolicyFile.load(yaml, repo));
        assertThat(e.errors()).singleElement().satisfies(p -> {
            assertThat(p.field()).isEqualTo("lint");
            assertThat(p.line()).isEqualTo(1);
        });
    }
}
