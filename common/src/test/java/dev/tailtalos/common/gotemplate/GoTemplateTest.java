package dev.tailtalos.common.gotemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tailtalos.common.yaml.Yaml;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The engine's own behaviour and its errors; GoTemplateOracleTest holds the cases compared with Go itself. */
class GoTemplateTest {

    private static final ObjectNode CONFIG = new Yaml().readObjects("config", """
            version: v1alpha1
            machine:
              type: worker
              install: {disk: /dev/sda, image: ghcr.io/siderolabs/installer:v1.10.4}
              nodeLabels: {zone: a}
              kubelet:
                extraArgs: {rotate-server-certificates: "true", node-ip: [a, b]}
            cluster:
              clusterName: lab
            """).get(0);

    private static String render(String template) {
        return GoTemplate.parse("t.yaml", template, Functions.sprig(Map.of("HOME_SITE", "lab-1")))
                .execute(V1Alpha1Data.of(CONFIG));
    }

    private static TemplateException error(String template) {
        TemplateException e = catchThrowableOfType(TemplateException.class, () -> render(template));
        assertThat(e).as("must fail: " + template).isNotNull();
        return e;
    }

    @Test
    void rendersFieldsByGoNameWithTrimMarkersAndComments() {
        assertThat(render("""
                type: {{ .MachineConfig.MachineType }}
                {{- /* a comment
                   over lines */}}
                disk: {{ .MachineConfig.MachineInstall.InstallDisk -}}
                   \s
                !"""))
                .isEqualTo("type: worker\ndisk: /dev/sda!");
    }

    @Test
    void zeroValuesForAbsentFields() {
        assertThat(render("[{{ .MachineConfig.MachineToken }}][{{ .MachineConfig.MachineCertSANs }}]"
                + "[{{ .MachineConfig.MachineSysctls }}][{{ .MachineConfig.MachineLogging }}][{{ .ConfigDebug }}]"))
                .isEqualTo("[][[]][map[]][<nil>][<nil>]");
        assertThat(render("{{ if .MachineConfig.MachineLogging }}yes{{ else }}no{{ end }}")).isEqualTo("no");
    }

    @Test
    void argValuesPrintLikeGoButHaveNoReadableFields() {
        assertThat(render("{{ index .MachineConfig.MachineKubelet.KubeletExtraArgs \"rotate-server-certificates\" }}"
                + " {{ index .MachineConfig.MachineKubelet.KubeletExtraArgs \"node-ip\" }}"))
                .isEqualTo("{[] true} {[a b] }");
    }

    @Test
    void variablesAreScopedToTheirBlock() {
        assertThat(render("{{ $x := 1 }}{{ range list 1 2 }}{{ $x = . }}{{ $y := . }}{{ end }}{{ $x }}"))
                .isEqualTo("2");
        assertThat(error("{{ if true }}{{ $y := 1 }}{{ end }}{{ $y }}").getMessage())
                .isEqualTo("t.yaml:1: undefined variable \"$y\"");
    }

    @Test
    void elseWithAndElseIfChains() {
        assertThat(render("{{ with .MachineConfig.MachineDisks }}disks{{ else with .MachineConfig.MachineNodeLabels }}"
                + "{{ .zone }}{{ end }}")).isEqualTo("a");
        assertThat(render("{{ if false }}1{{ else if false }}2{{ else }}3{{ end }}")).isEqualTo("3");
    }

    @Test
    void envReadsTheRunsVariables() {
        assertThat(render("{{ env \"HOME_SITE\" }}|{{ env \"UNSET\" }}|{{ expandenv \"at $HOME_SITE\" }}"))
                .isEqualTo("lab-1||at lab-1");
    }

    @Test
    void parseErrorsNameTheTemplateAndLine() {
        TemplateException unknown = error("a\nb\n{{ .MachineConfig.MachineType | frobnicate }}");
        assertThat(unknown.template()).isEqualTo("t.yaml");
        assertThat(unknown.line()).isEqualTo(3);
        assertThat(unknown.reason()).isEqualTo("function \"frobnicate\" not defined");
        assertThat(error("x\n{{ if true }}\nno end").getMessage())
                .isEqualTo("t.yaml:3: unexpected EOF in if, missing {{end}}");
        assertThat(error("{{ .A }\n").reason()).isEqualTo("unexpected \"}\" in operand");
        assertThat(error("{{ .A ").reason()).isEqualTo("unclosed action");
        assertThat(error("{{/* open").reason()).isEqualTo("unclosed comment");
        assertThat(error("{{ end }}").reason()).isEqualTo("unexpected {{end}}");
        assertThat(error("{{ define \"x\" }}{{ end }}").reason())
                .isEqualTo("{{define}} is not supported by tailtalos templates");
        assertThat(error("{{ \"unterminated }}").reason()).isEqualTo("unterminated quoted string");
    }

    @Test
    void executionErrorsNameTheLineAndTheFailingNode() {
        TemplateException nil = error("line1\n{{ .MachineConfig.MachineLogging.LoggingDestinations }}");
        assertThat(nil.line()).isEqualTo(2);
        assertThat(nil.reason()).isEqualTo("executing at <.MachineConfig.MachineLogging.LoggingDestinations>: "
                + "nil pointer evaluating *v1alpha1.LoggingConfig.LoggingDestinations");
        assertThat(error("{{ .MachineConfig.Install }}").reason())
                .isEqualTo("executing at <.MachineConfig.Install>: Install is a Go method of *v1alpha1.MachineConfig;"
                        + " tailtalos templates can only read fields");
        assertThat(error("{{ .MachineConfig.install }}").reason())
                .isEqualTo("executing at <.MachineConfig.install>: can't evaluate field install in type "
                        + "*v1alpha1.MachineConfig");
        assertThat(error("{{ upper 1 }}").reason())
                .isEqualTo("executing at <upper>: error calling upper: wrong type for value; expected string; got int");
        assertThat(error("{{ uuidv4 }}").reason())
                .isEqualTo("executing at <uuidv4>: error calling uuidv4: the function uuidv4 is not supported by tailtalos");
        assertThat(error("{{ \"x\" 1 }}").reason())
                .isEqualTo("executing at <\"x\">: can't give argument to non-function \"x\"");
    }

    @Test
    void runawayTemplatesAreStopped() {
        assertThat(error("{{ range 100000000 }}{{ end }}").reason()).contains("too many steps");
        assertThat(error("{{ range until 1000000 }}" + "x".repeat(100) + "{{ end }}").reason())
                .contains("template output is larger than");
    }

    @Test
    void builtinsOnlyWithoutSprig() {
        GoStruct data = GoTemplate.struct("config.filenameTmpl", Map.of("Hostname", "w1"));
        assertThat(GoTemplate.parse("f", "{{ printf \"%s.yaml\" .Hostname }}", Functions.builtins()).execute(data))
                .isEqualTo("w1.yaml");
        TemplateException e = catchThrowableOfType(TemplateException.class,
                () -> GoTemplate.parse("f", "{{ .Hostname | lower }}", Functions.builtins()));
        assertThat(e.reason()).isEqualTo("function \"lower\" not defined");
        TemplateException missing = catchThrowableOfType(TemplateException.class,
                () -> GoTemplate.parse("f", "{{ .Nope }}", Functions.builtins()).execute(data));
        assertThat(missing.reason()).isEqualTo("executing at <.Nope>: can't evaluate field Nope in type config.filenameTmpl");
    }

    @Test
    void isTemplateFollowsTalhelper() {
        assertThat(List.of("{{ x", "y }}", "{{ .A }}")).allMatch(GoTemplate::isTemplate);
        assertThat(GoTemplate.isTemplate("plain { value }")).isFalse();
    }

    @Test
    void fieldTableComesFromTheTalosYamlTags() {
        assertThat(V1Alpha1Data.goField("InstallConfig", "image")).isEqualTo("InstallImage");
        assertThat(V1Alpha1Data.goField("ClusterNetworkConfig", "serviceSubnets")).isEqualTo("ServiceSubnet");
        assertThat(V1Alpha1Data.goField("Config", "machine")).isEqualTo("MachineConfig");
    }
}
