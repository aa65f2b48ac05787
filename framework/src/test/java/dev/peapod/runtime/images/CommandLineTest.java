package dev.peapod.runtime.images;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker's ENTRYPOINT/CMD rules as containerd's CRI applies them to a container's command and args
 * (containerd: internal/cri/opts/spec_opts.go WithProcessArgs).
 */
class CommandLineTest {
    private static final ImageProfiles PROFILES = ImageProfiles.builtIn();

    private static List<String> line(String image, List<String> command, List<String> args) {
        return ImageProfile.effectiveCommandLine(PROFILES.lookup(image).orElseThrow(), command, args);
    }

    @Test
    void neitherRunsTheEntrypointThenTheCmd() {
        assertThat(line("nginx", null, null)).containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off;");
        assertThat(line("busybox", null, null)).containsExactly("sh");
        assertThat(line("alpine", null, null)).containsExactly("/bin/sh");
        assertThat(line("debian", null, null)).containsExactly("bash");
        assertThat(line("ubuntu", null, null)).containsExactly("/bin/bash");
        assertThat(line("httpd", null, null)).containsExactly("httpd-foreground");
        assertThat(line("registry.k8s.io/pause:3.10", null, null)).containsExactly("/pause");
        assertThat(line("registry.k8s.io/e2e-test-images/agnhost:2.53", null, null)).containsExactly("/agnhost", "pause");
    }

    @Test
    void argsOnlyFollowTheEntrypointAndDropTheCmd() {
        assertThat(line("registry.k8s.io/e2e-test-images/agnhost:2.53", null, List.of("netexec", "--http-port=8080")))
                .containsExactly("/agnhost", "netexec", "--http-port=8080");
        assertThat(line("nginx", List.of(), List.of("nginx", "-g", "daemon off; worker_processes 2;")))
                .containsExactly("/docker-entrypoint.sh", "nginx", "-g", "daemon off; worker_processes 2;");
        assertThat(line("busybox", null, List.of("sleep", "3600"))).containsExactly("sleep", "3600");
        assertThat(line("registry.k8s.io/pause", null, List.of("-v"))).containsExactly("/pause", "-v");
    }

    @Test
    void commandOnlyDropsTheEntrypointAndTheCmd() {
        assertThat(line("nginx", List.of("nginx", "-g", "daemon off;"), null)).containsExactly("nginx", "-g", "daemon off;");
        assertThat(line("registry.k8s.io/e2e-test-images/agnhost:2.53", List.of("/agnhost", "liveness"), List.of()))
                .containsExactly("/agnhost", "liveness");
        assertThat(line("busybox", List.of("sh", "-c", "echo hi"), null)).containsExactly("sh", "-c", "echo hi");
        assertThat(line("debian", List.of("sleep"), null)).containsExactly("sleep");
    }

    @Test
    void bothRunCommandThenArgs() {
        assertThat(line("nginx", List.of("sh", "-c"), List.of("echo hi"))).containsExactly("sh", "-c", "echo hi");
        assertThat(line("registry.k8s.io/e2e-test-images/agnhost:2.53", List.of("/agnhost"), List.of("serve-hostname")))
                .containsExactly("/agnhost", "serve-hostname");
        assertThat(line("httpd", List.of("httpd"), List.of("-DFOREGROUND"))).containsExactly("httpd", "-DFOREGROUND");
    }

    @Test
    void anUnknownImageRunsCommandAndArgsAlone() {
        assertThat(ImageProfile.effectiveCommandLine(null, List.of("/app/server"), List.of("--port=8080")))
                .containsExactly("/app/server", "--port=8080");
        assertThat(ImageProfile.effectiveCommandLine(null, null, List.of("run"))).containsExactly("run");
    }

    @Test
    void anEntrypointOfOneEmptyStringIsNoEntrypoint() {
        ImageProfile profile = ImageProfile.of("myorg/app").withEntrypoint("").withCmd("serve");

        assertThat(ImageProfile.effectiveCommandLine(profile, null, null)).containsExactly("serve");
        assertThat(ImageProfile.effectiveCommandLine(profile, null, List.of("x"))).containsExactly("x");
    }

    @Test
    void nothingLeftIsAnEmptyLineWhereContainerdSaysNoCommandSpecified() {
        assertThat(ImageProfile.effectiveCommandLine(ImageProfile.of("scratch-app"), null, null)).isEmpty();
        assertThat(ImageProfile.effectiveCommandLine(null, List.of(), List.of())).isEmpty();
    }

    @Test
    void theProfileAppliesTheSameRules() {
        ImageProfile nginx = PROFILES.lookup("nginx:1.27").orElseThrow();

        assertThat(nginx.commandLine(null, List.of("nginx-debug", "-g", "daemon off;")))
                .containsExactly("/docker-entrypoint.sh", "nginx-debug", "-g", "daemon off;");
    }
}
