package dev.peapod.runtime.images;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An image is found by any form of its reference; a tag-specific profile beats a repository one; later wins. */
class LookupTest {
    private static final ImageProfiles PROFILES = ImageProfiles.builtIn();

    private static List<String> names(String image) {
        return PROFILES.lookup(image).map(ImageProfile::names).orElse(List.of());
    }

    @Test
    void everyFormOfADockerHubNameFindsTheProfile() {
        for (String image : List.of("nginx", "nginx:1.27", "nginx:1.27.5-alpine", "library/nginx", "docker.io/nginx",
                "docker.io/library/nginx:latest", "docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31",
                "nginx:1.27@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")) {
            assertThat(names(image)).as(image).containsExactly("nginx");
        }
    }

    @Test
    void registryNamesFindTheirProfiles() {
        assertThat(names("registry.k8s.io/e2e-test-images/agnhost:2.53")).contains("registry.k8s.io/e2e-test-images/agnhost");
        assertThat(names("k8s.gcr.io/e2e-test-images/agnhost:2.39")).contains("registry.k8s.io/e2e-test-images/agnhost");
        assertThat(names("registry.k8s.io/pause:3.10")).contains("registry.k8s.io/pause");
        assertThat(names("busybox:1.36")).containsExactly("busybox", "registry.k8s.io/busybox", "k8s.gcr.io/busybox",
                "gcr.io/google-containers/busybox", "registry.k8s.io/e2e-test-images/busybox");
        assertThat(names("alpine:3.20")).containsExactly("alpine");
        assertThat(names("debian:bookworm-slim")).containsExactly("debian");
        assertThat(names("ubuntu:24.04")).containsExactly("ubuntu");
        assertThat(names("httpd:2.4")).containsExactly("httpd");
    }

    @Test
    void anotherRepositoryIsNotTheSameImage() {
        assertThat(PROFILES.lookup("myorg/nginx")).isEmpty();
        assertThat(PROFILES.lookup("quay.io/nginx/nginx-unprivileged")).isEmpty();
        assertThat(PROFILES.lookup("nginxinc/nginx-unprivileged:1.27")).isEmpty();
        assertThat(PROFILES.lookup("registry.k8s.io/e2e-test-images/busybox:1.36.1-1")).isPresent(); // the project's mirror is busybox
    }

    @Test
    void aUserProfileReplacesTheBuiltInOne() {
        ImageProfile mine = ImageProfile.of("docker.io/library/nginx").withCmd("mine");

        ImageProfiles profiles = PROFILES.with(mine);

        assertThat(profiles.lookup("nginx:1.27").orElseThrow().cmd()).containsExactly("mine");
        assertThat(PROFILES.lookup("nginx:1.27").orElseThrow().cmd()).containsExactly("nginx", "-g", "daemon off;");
    }

    @Test
    void aTaggedProfileBeatsARepositoryProfileForItsTagOnly() {
        ImageProfiles profiles = ImageProfiles.none()
                .with(ImageProfile.of("myorg/app:2").withCmd("two"), ImageProfile.of("myorg/app").withCmd("any"));

        assertThat(profiles.lookup("myorg/app:2").orElseThrow().cmd()).containsExactly("two");
        assertThat(profiles.lookup("docker.io/myorg/app:2").orElseThrow().cmd()).containsExactly("two");
        assertThat(profiles.lookup("myorg/app:3").orElseThrow().cmd()).containsExactly("any");
        assertThat(profiles.lookup("myorg/app").orElseThrow().cmd()).containsExactly("any");
        assertThat(profiles.lookup("myorg/app@sha256:abc").orElseThrow().cmd()).containsExactly("any");
    }

    @Test
    void aProfileForLatestMatchesTheUntaggedName() {
        ImageProfiles profiles = ImageProfiles.none().with(ImageProfile.of("myorg/app:latest").withCmd("latest"));

        assertThat(profiles.lookup("myorg/app").orElseThrow().cmd()).containsExactly("latest");
        assertThat(profiles.lookup("myorg/app:1")).isEmpty();
    }

    @Test
    void theBuiltInsAreTheIssuesImages() {
        assertThat(PROFILES.all()).extracting(p -> p.names().get(0)).containsExactly("registry.k8s.io/pause", "busybox", "alpine",
                "debian", "ubuntu", "nginx", "httpd", "registry.k8s.io/e2e-test-images/agnhost");
    }
}
