package dev.peapod.runtime.images;

import dev.peapod.core.PeapodException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** A bad profile file is refused whole, with a message naming the file and the field and saying what is expected. */
class ProfileYamlTest {
    static Stream<Arguments> badFiles() {
        return Stream.of(
                arguments("", "p.yaml: profiles: required: a list of image profiles, each with at least \"image\""),
                arguments("- image: a", "p.yaml: profiles: required: a list of image profiles, each with at least \"image\""),
                arguments("profiles: {image: a}", "p.yaml: profiles: must be a list of image profiles, got a mapping"),
                arguments("profiles: []\nprofile: x", "p.yaml: profile: unknown field; the file has one field, profiles"),
                arguments("profiles: [nginx]", "p.yaml: profiles[0]: must be a mapping with at least \"image\", got \"nginx\""),
                arguments("profiles:\n- cmd: [a]", "p.yaml: profiles[0].image: required: the image the profile is for, "
                        + "such as myorg/app (every tag) or myorg/app:1.2 (one tag)"),
                arguments("profiles:\n- image: a\n  entrypiont: [x]", "p.yaml: profiles[0].entrypiont: unknown field; "
                        + "the fields are image, images, entrypoint, cmd, env, shell, files, ports, onSigterm, stopSignal"),
                arguments("profiles:\n- image: a\n  stopSignal: SIGUSR1", "p.yaml: profiles[0].stopSignal: must be SIGTERM, SIGQUIT "
                        + "or SIGWINCH (the stop signals Peapod's runtime sends), got \"SIGUSR1\""),
                arguments("profiles:\n- image: 42", "p.yaml: profiles[0].image: must be an image name such as myorg/app or myorg/app:1.2, got 42"),
                arguments("profiles:\n- image: a\n  images: [b]", "p.yaml: profiles[0].images: give either image or images, not both"),
                arguments("profiles:\n- images: []", "p.yaml: profiles[0].images: must name at least one image"),
                arguments("profiles:\n- image: a\n  cmd: /app/server", "p.yaml: profiles[0].cmd: must be a list of strings, "
                        + "such as [\"/app/server\", \"--port=8080\"], got \"/app/server\""),
                arguments("profiles:\n- image: a\n  cmd: [--port, 8080]", "p.yaml: profiles[0].cmd[1]: must be a string (quote it), got 8080"),
                arguments("profiles:\n- image: a\n  env: [A=1]", "p.yaml: profiles[0].env: must be a mapping of names to values, "
                        + "such as {APP_ENV: test}, got a list"),
                arguments("profiles:\n- image: a\n  env: {A: [1]}", "p.yaml: profiles[0].env.A: must be a string, number or boolean, got a list"),
                arguments("profiles:\n- image: a\n  shell: yes please", "p.yaml: profiles[0].shell: must be true or false, got \"yes please\""),
                arguments("profiles:\n- image: a\n  files: {etc/x: hi}", "p.yaml: profiles[0].files[\"etc/x\"]: must be an absolute path, "
                        + "such as /etc/app/config.yaml"),
                arguments("profiles:\n- image: a\n  files: {/x: {content: hi, mode: 493}}", "p.yaml: profiles[0].files[\"/x\"].mode: "
                        + "must be an octal string such as \"0755\", got 493"),
                arguments("profiles:\n- image: a\n  files: {/x: {content: hi, mode: rwxr-xr-x}}", "p.yaml: profiles[0].files[\"/x\"].mode: "
                        + "must be an octal string such as \"0755\", got \"rwxr-xr-x\""),
                arguments("profiles:\n- image: a\n  files: {/x: {mode: \"0644\"}}", "p.yaml: profiles[0].files[\"/x\"].content: "
                        + "required: the file's text, got nothing"),
                arguments("profiles:\n- image: a\n  files: {/x: {content: hi, owner: root}}", "p.yaml: profiles[0].files[\"/x\"].owner: "
                        + "unknown field; a file has content and mode"),
                arguments("profiles:\n- image: a\n  ports: [{port: http}]", "p.yaml: profiles[0].ports[0].port: "
                        + "must be a port number from 1 to 65535, got \"http\""),
                arguments("profiles:\n- image: a\n  ports: [{port: 70000}]", "p.yaml: profiles[0].ports[0].port: "
                        + "must be a port number from 1 to 65535, got 70000"),
                arguments("profiles:\n- image: a\n  ports: [{port: 80}, {port: 80}]", "p.yaml: profiles[0].ports[1].port: port 80 is declared twice"),
                arguments("profiles:\n- image: a\n  ports: [{port: 80, tcp: true}]", "p.yaml: profiles[0].ports[0].tcp: unknown field; a port has port and http"),
                arguments("profiles:\n- image: a\n  ports: [{port: 80, http: {healthz: 200}}]", "p.yaml: profiles[0].ports[0].http[\"healthz\"]: "
                        + "a path must start with /"),
                arguments("profiles:\n- image: a\n  ports: [{port: 80, http: {/healthz: ok}}]", "p.yaml: profiles[0].ports[0].http[\"/healthz\"]: "
                        + "must be an HTTP status from 100 to 599, got \"ok\""),
                arguments("profiles:\n- image: a\n  ports: [{port: 80, http: {/healthz: {status: 700}}}]",
                        "p.yaml: profiles[0].ports[0].http[\"/healthz\"].status: must be an HTTP status from 100 to 599, got 700"),
                arguments("profiles:\n- image: a\n  ports: [{port: 80, http: {/healthz: {code: 200}}}]",
                        "p.yaml: profiles[0].ports[0].http[\"/healthz\"].code: unknown field; an answer has status and body"),
                arguments("profiles:\n- image: a\n  onSigterm: die", "p.yaml: profiles[0].onSigterm: must be \"ignore\", \"exit N\" or "
                        + "\"exit N after D\" (N from 0 to 255, D such as 5s or 1m30s), got \"die\""),
                arguments("profiles:\n- image: a\n  onSigterm: exit 300", "p.yaml: profiles[0].onSigterm: must be \"ignore\", \"exit N\" or "
                        + "\"exit N after D\" (N from 0 to 255, D such as 5s or 1m30s), got \"exit 300\""),
                arguments("profiles:\n- image: a\n  onSigterm: exit 0 after soon", "p.yaml: profiles[0].onSigterm: must be \"ignore\", \"exit N\" or "
                        + "\"exit N after D\" (N from 0 to 255, D such as 5s or 1m30s), got \"exit 0 after soon\""),
                arguments("profiles:\n- image: b\n- image: a\n  cmd: [1]", "p.yaml: profiles[1].cmd[0]: must be a string (quote it), got 1"));
    }

    @ParameterizedTest
    @MethodSource("badFiles")
    void aBadFileIsRefusedNamingTheField(String yaml, String message) {
        assertThatThrownBy(() -> ImageProfiles.builtIn().withYaml("p.yaml", yaml))
                .isInstanceOf(PeapodException.class)
                .hasMessage(message);
    }

    @Test
    void invalidYamlSaysSo() {
        assertThatThrownBy(() -> ImageProfiles.builtIn().withYaml("p.yaml", "profiles: [a"))
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("p.yaml: not valid YAML: ");
    }

    @Test
    void theSmallestProfileIsAnImageName() {
        ImageProfile profile = ImageProfiles.none().withYaml("p.yaml", "profiles:\n- image: myorg/app:2\n").all().get(0);

        assertThat(profile.names()).containsExactly("myorg/app:2");
        assertThat(profile.entrypoint()).isEmpty();
        assertThat(profile.cmd()).isEmpty();
        assertThat(profile.env()).isEmpty();
        assertThat(profile.files()).isEmpty();
        assertThat(profile.onSigterm()).isEqualTo(OnSigterm.exit(0));
    }

    @Test
    void anUnquotedOctalModeIsReadAsOctal() {
        ImageProfile profile = ImageProfiles.none().withYaml("p.yaml", "profiles:\n- image: a\n  files: {/x: {content: hi, mode: 0755}}\n")
                .all().get(0);

        assertThat(profile.files().get("/x")).isEqualTo(new ImageFile("hi", 0755));
    }

    @Test
    void onSigtermTakesGoDurations() {
        ImageProfile profile = ImageProfiles.none().withYaml("p.yaml", "profiles:\n- image: a\n  onSigterm: exit 143 after 1m30s\n").all().get(0);

        assertThat(profile.onSigterm()).isEqualTo(OnSigterm.exit(143, java.time.Duration.ofSeconds(90)));
        assertThat(profile.onSigterm()).hasToString("exit 143 after PT1M30S");
    }

    @Test
    void aStopSignalIsTheImagesStopsignal() {
        ImageProfile quits = ImageProfiles.none().withYaml("p.yaml", "profiles:\n- image: a\n  stopSignal: SIGQUIT\n").all().get(0);
        ImageProfile plain = ImageProfiles.none().withYaml("p.yaml", "profiles:\n- image: a\n").all().get(0);

        assertThat(quits.stopSignal()).isEqualTo(dev.peapod.runtime.Signal.SIGQUIT);
        assertThat(plain.stopSignal()).isEqualTo(dev.peapod.runtime.Signal.SIGTERM);
    }
}
