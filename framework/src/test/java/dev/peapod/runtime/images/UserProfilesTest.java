package dev.peapod.runtime.images;

import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.shell.Network;
import dev.peapod.runtime.shell.ShellProgram;
import dev.peapod.spi.ImageProfileProvider;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Profiles users add: a YAML file beside their manifests, a Java SPI provider; theirs win over the built-ins. */
class UserProfilesTest {
    private static final Path TEAM_YAML = Path.of("src/test/resources/image-profiles/team.yaml");

    private final ImageProfiles profiles = ImageProfiles.builtIn().withYaml(TEAM_YAML);

    @Test
    void aYamlProfileGivesTheImagesConfigAndFiles() {
        ImageProfile api = profiles.lookup("registry.example.com/team/api:1.4.2").orElseThrow();

        assertThat(api.entrypoint()).containsExactly("/app/server");
        assertThat(api.cmd()).containsExactly("--port=8080");
        assertThat(api.env()).containsExactly(Map.entry("APP_ENV", "test"), Map.entry("WORKERS", "4"));
        assertThat(api.files()).containsExactly(
                Map.entry("/app/start.sh", new ImageFile("#!/bin/sh\nexec /app/server\n", 0755)),
                Map.entry("/etc/app/config.yaml", new ImageFile("mode: test\n", 0644)));
        assertThat(api.onSigterm()).isEqualTo(OnSigterm.exit(0, Duration.ofSeconds(5)));
        assertThat(api.commandLine(null, List.of("--port=9000"))).containsExactly("/app/server", "--port=9000");
    }

    @Test
    void aYamlProfilesProgramAnswersItsPortsAndExitsAsDeclared() {
        // given
        Program program = profiles.program("registry.example.com/team/api:1.4.2", null, null, "api-0", Network.none()).orElseThrow();
        FakeProcess api = new FakeProcess().start(program);

        // then
        assertThat(api.listening).containsExactly(8080, 9090);
        assertThat(api.get(8080, "/healthz").httpStatus()).isEqualTo(200);
        assertThat(api.get(8080, "/ready?full=1").httpStatus()).isEqualTo(503);
        assertThat(api.get(8080, "/ready").output()).isEqualTo("warming up");
        assertThat(api.get(8080, "/other").httpStatus()).isEqualTo(404);
        assertThat(api.get(9090, "/anything").httpStatus()).isEqualTo(200);
        assertThat(api.get(7000, "/").refused()).isTrue();
        assertThat(api.exec("cat", "/nothing")).isEqualTo(ExecResult.of(0, "")); // no shell: as the default server
        api.advance(Duration.ofSeconds(10)).sigterm().advance(Duration.ofSeconds(4));
        assertThat(api.exitCode).isNull();
        api.advance(Duration.ofSeconds(1));
        assertThat(api.exitCode).isZero();
        assertThat(api.exitedAfterSeconds()).isEqualTo(15);
    }

    @Test
    void aYamlProfilesProgramRunsForTheImagesOwnExecutableOnly() {
        assertThat(profiles.program("registry.example.com/team/api", List.of("/usr/local/bin/python"), null, "api-0", Network.none()))
                .isEmpty();
        assertThat(profiles.program("registry.example.com/team/api", List.of("server"), null, "api-0", Network.none()))
                .containsInstanceOf(DeclaredProgram.class);
    }

    @Test
    void aProfileWithAShellRunsShellLinesAndExecCommandsInIt() {
        Program worker = profiles.program("team/worker:2", List.of("sh", "-c", "sleep 3600"), null, "w-0", Network.none())
                .orElseThrow();
        Program declared = profiles.program("registry.example.com/team/worker", List.of("/worker"), null, "w-0", Network.none())
                .orElseThrow();
        FakeProcess process = new FakeProcess().start(declared);

        assertThat(worker).isInstanceOf(ShellProgram.class);
        assertThat(process.exec("cat", "/nothing").exitCode()).isEqualTo(1);
        assertThat(process.sigterm().advance(Duration.ofMinutes(1)).exitCode).isNull();
        assertThat(profiles.lookup("team/worker:3")).isEmpty();
    }

    @Test
    void aJavaProviderIsFoundThroughServiceLoader() {
        // given: src/test/resources/META-INF/services/dev.peapod.spi.ImageProfileProvider lists TeamProfiles
        List<ImageProfile> found = ImageProfileProvider.loadAll(getClass().getClassLoader());

        // when
        ImageProfiles withProviders = ImageProfiles.builtIn().with(found);

        // then
        assertThat(found).extracting(p -> p.names().get(0)).containsExactly("registry.example.com/team/cache");
        assertThat(withProviders.lookup("registry.example.com/team/cache:7").orElseThrow().entrypoint()).containsExactly("/cache");
        assertThat(withProviders.program("registry.example.com/team/cache:7", null, null, "c-0", Network.none())).isPresent();
    }

    @Test
    void aYamlProfileForABuiltInImageReplacesIt() {
        ImageProfiles replaced = ImageProfiles.builtIn().withYaml("mine.yaml", """
                profiles:
                  - image: nginx
                    ports: [{port: 80, http: {/: 200}}]
                """);

        assertThat(replaced.lookup("nginx:1.27").orElseThrow().files()).isEmpty();
        assertThat(replaced.program("nginx:1.27", null, null, "web", Network.none())).containsInstanceOf(DeclaredProgram.class);
    }

    @Test
    void anUnreadableFileSaysWhich() {
        assertThatThrownBy(() -> ImageProfiles.builtIn().withYaml(Path.of("no/such/profiles.yaml")))
                .isInstanceOf(PeapodException.class)
                .hasMessageStartingWith("cannot read image profiles from no/such/profiles.yaml: NoSuchFileException: no/such/profiles.yaml; "
                        + "check the path, relative to ");
    }
}
