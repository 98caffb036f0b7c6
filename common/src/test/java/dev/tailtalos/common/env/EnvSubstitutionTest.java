package dev.tailtalos.common.env;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvSubstitutionTest {

    private final EnvSubstitution envsubst = new EnvSubstitution(Map.of("VIP", "192.168.1.10", "EMPTY", "", "NAME", "k8s"));

    @Test
    void substitutesBareAndBracedVariables() {
        assertThat(envsubst.substitute("https://${VIP}:6443 $NAME-1 ${NAME}_x")).isEqualTo("https://192.168.1.10:6443 k8s-1 k8s_x");
    }

    @Test
    void defaultForms() {
        assertThat(envsubst.substitute("${UNSET:-d}|${EMPTY:-d}|${VIP:-d}")).isEqualTo("d|d|192.168.1.10");
        assertThat(envsubst.substitute("${UNSET-d}|${VIP-d}")).isEqualTo("d|192.168.1.10");
        assertThat(envsubst.substitute("${UNSET:=d}|${UNSET=d}")).isEqualTo("d|d");
        assertThat(envsubst.substitute("${VIP:+alt}|${UNSET:+alt}|${EMPTY+alt}")).isEqualTo("alt||alt");
        assertThat(envsubst.substitute("${UNSET:-$NAME}-${UNSET:-${VIP}}")).isEqualTo("k8s-192.168.1.10");
    }

    @Test
    void dollarEscapesAndLoneDollars() {
        assertThat(envsubst.substitute("pa$$word costs 5 $ and $")).isEqualTo("pa$word costs 5 $ and $");
    }

    @Test
    void restrictedModeRefusesUnsetAndEmpty() {
        assertThatThrownBy(() -> envsubst.substitute("${MISSING}")).hasMessage("variable ${MISSING} not set");
        assertThatThrownBy(() -> envsubst.substitute("x $MISSING")).hasMessage("variable ${MISSING} not set");
        assertThatThrownBy(() -> envsubst.substitute("${EMPTY}")).hasMessage("variable ${EMPTY} set but empty");
        assertThatThrownBy(() -> envsubst.substitute("${EMPTY-d}")).hasMessage("variable ${EMPTY} set but empty");
        assertThatThrownBy(() -> envsubst.substitute("key $1")).hasMessage("variable ${1} not set");
    }

    @Test
    void unusedDefaultsAreNotEvaluated() {
        assertThat(envsubst.substitute("${VIP:-$MISSING}")).isEqualTo("192.168.1.10");
    }

    @Test
    void malformedBracesAreErrors() {
        assertThatThrownBy(() -> envsubst.substitute("${VIP")).hasMessageContaining("bad substitution");
        assertThatThrownBy(() -> envsubst.substitute("${}")).hasMessageContaining("bad substitution");
    }
}
