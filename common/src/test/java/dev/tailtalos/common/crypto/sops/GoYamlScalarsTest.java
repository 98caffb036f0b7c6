package dev.tailtalos.common.crypto.sops;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GoYamlScalarsTest {
    @Test
    void floatsUseGosShortestPlainForm() {
        assertThat(GoYamlScalars.formatFloat(1.234568e9)).isEqualTo("1234568000");
        assertThat(GoYamlScalars.formatFloat(2e23)).isEqualTo("200000000000000000000000");
        assertThat(GoYamlScalars.formatFloat(0.1)).isEqualTo("0.1");
        assertThat(GoYamlScalars.formatFloat(3.0)).isEqualTo("3");
        assertThat(GoYamlScalars.formatFloat(-1.5e-7)).isEqualTo("-0.00000015");
    }

    @Test
    void yamlFloatsUseGosShortestGForm() {
        assertThat(GoYamlScalars.formatFloatYaml(1234568000.5)).isEqualTo("1.2345680005e+09");
        assertThat(GoYamlScalars.formatFloatYaml(1000.0)).isEqualTo("1000");
        assertThat(GoYamlScalars.formatFloatYaml(123456.0)).isEqualTo("123456");
        assertThat(GoYamlScalars.formatFloatYaml(1234567.0)).isEqualTo("1.234567e+06");
        assertThat(GoYamlScalars.formatFloatYaml(2e23)).isEqualTo("2e+23");
        assertThat(GoYamlScalars.formatFloatYaml(0.0001)).isEqualTo("0.0001");
        assertThat(GoYamlScalars.formatFloatYaml(0.00001)).isEqualTo("1e-05");
        assertThat(GoYamlScalars.formatFloatYaml(-2.5e-100)).isEqualTo("-2.5e-100");
        assertThat(GoYamlScalars.formatFloatYaml(-0.0)).isEqualTo("-0");
        assertThat(GoYamlScalars.formatFloatYaml(Double.NaN)).isEqualTo(".nan");
        assertThat(GoYamlScalars.formatFloatYaml(Double.NEGATIVE_INFINITY)).isEqualTo("-.inf");
    }

    @Test
    void plainScalarsResolveLikeGoYamlV3() {
        assertThat(GoYamlScalars.resolvePlain("yes")).isEqualTo("yes");
        assertThat(GoYamlScalars.resolvePlain("on")).isEqualTo("on");
        assertThat(GoYamlScalars.resolvePlain("True")).isEqualTo(true);
        assertThat(GoYamlScalars.resolvePlain("0o17")).isEqualTo(15L);
        assertThat(GoYamlScalars.resolvePlain("0777")).isEqualTo(511L);
        assertThat(GoYamlScalars.resolvePlain("0x1F")).isEqualTo(31L);
        assertThat(GoYamlScalars.resolvePlain("1_000")).isEqualTo(1000L);
        assertThat(GoYamlScalars.resolvePlain("08")).isEqualTo(8.0);
        assertThat(GoYamlScalars.resolvePlain("1.5")).isEqualTo(1.5);
        assertThat(GoYamlScalars.resolvePlain("~")).isNull();
        assertThat(GoYamlScalars.resolvePlain("2024-01-01")).isInstanceOf(GoTime.class);
        assertThat(((GoTime) GoYamlScalars.resolvePlain("2024-01-01")).rfc3339Nano()).isEqualTo("2024-01-01T00:00:00Z");
        assertThat(GoYamlScalars.resolvePlain("12:30")).isEqualTo("12:30");
    }

    @Test
    void bytesFollowSopsToBytes() {
        assertThat(new String(GoYamlScalars.toBytes(true))).isEqualTo("True");
        assertThat(new String(GoYamlScalars.toBytes(false))).isEqualTo("False");
        assertThat(new String(GoYamlScalars.toBytes(42L))).isEqualTo("42");
    }
}
