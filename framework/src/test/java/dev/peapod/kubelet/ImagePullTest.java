package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A failing pull (pkg/kubelet/images/image_manager.go EnsureImageExists, reference §9). */
class ImagePullTest {
    private final Scenario s = new Scenario();

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: web}
            spec:
              nodeName: node-1
              containers:
              - {name: app, image: "nginx:nope"}
            """;
    private static final String NOT_FOUND = "rpc error: code = NotFound desc = failed to pull and unpack image "
            + "\"docker.io/library/nginx:nope\": failed to resolve reference \"docker.io/library/nginx:nope\": "
            + "docker.io/library/nginx:nope: not found";

    private String waiting() {
        var w = s.container("web", "app").getState().getWaiting();
        return w.getReason() + ": " + w.getMessage();
    }

    private String kubectlStatus() {
        return dev.peapod.printers.PodPrinter.row(s.pod("web"), s.cluster.now()).status();
    }

    @Test
    void aPullThatFailsAlternatesErrImagePullAndImagePullBackOff() {
        // given
        s.cluster.imageCannotBePulled("nginx:nope");
        s.apply(POD);
        // when / then: pulls at 0, 10, 30, 70 s (back-off 10, 20, 40 s from each failure); every sync
        // publishes the reason the previous one left in the reason cache, the first one ContainerCreating
        s.at(5);
        assertThat(kubectlStatus()).isEqualTo("ContainerCreating");
        s.at(15);
        assertThat(waiting()).isEqualTo("ErrImagePull: " + NOT_FOUND);
        assertThat(kubectlStatus()).isEqualTo("ErrImagePull");
        // the sync at 20 s publishes the pull failure of 10 s, then finds the image in back-off
        s.at(25);
        assertThat(kubectlStatus()).isEqualTo("ErrImagePull");
        s.at(35);
        // since v1.32 the waiting message carries the last pull error; the BackOff event does not
        assertThat(waiting()).isEqualTo("ImagePullBackOff: Back-off pulling image \"nginx:nope\": ErrImagePull: " + NOT_FOUND);
        assertThat(kubectlStatus()).isEqualTo("ImagePullBackOff");
        s.at(45);
        assertThat(kubectlStatus()).isEqualTo("ErrImagePull");
        s.at(70);
        assertThat(s.events("web", "Pulling")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Pulling image \"nginx:nope\"");
            assertThat(e.getCount()).isEqualTo(4);
            assertThat(e.getLastTimestamp()).isEqualTo("2025-01-01T00:01:10Z");
        });
        assertThat(s.events("web", "Failed")).extracting(Event::getMessage)
                .containsExactlyInAnyOrder("Failed to pull image \"nginx:nope\": " + NOT_FOUND, "Error: ErrImagePull",
                        "Error: ImagePullBackOff");
        assertThat(s.events("web", "BackOff")).singleElement().extracting(Event::getType).isEqualTo("Normal");
        assertThat(s.phase("web")).isEqualTo("Pending");
        assertThat(s.container("web", "app").getRestartCount()).isZero();
    }

    @Test
    void aContainerThatNeverStartedShowsTheImageAsTheSpecWritesIt() {
        // given: app cannot be pulled, side starts
        s.cluster.imageCannotBePulled("nginx:nope");
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: app, image: "nginx:nope"}
                  - {name: side, image: "nginx:1.25"}
                """);
        // when
        s.at(15);
        // then: the default waiting status carries container.Image (kubelet_pods.go convertToAPIContainerStatuses);
        // a container the runtime created reports the runtime's normalized reference
        var app = s.container("web", "app");
        assertThat(app.getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
        assertThat(app.getImage()).isEqualTo("nginx:nope");
        assertThat(app.getImageID()).isEmpty();
        assertThat(s.container("web", "side").getImage()).isEqualTo("docker.io/library/nginx:1.25");
    }

    @Test
    void aContainerWaitingForItsInitContainersShowsTheImageAsTheSpecWritesIt() {
        // given: the init container runs for 30 s
        s.cluster.container("web", "setup").exitsWith(0).after(java.time.Duration.ofSeconds(30));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: setup, image: "busybox:1.36"}
                  containers:
                  - {name: app, image: "nginx"}
                """);
        // when
        s.at(10);
        // then
        var app = s.container("web", "app");
        assertThat(app.getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        assertThat(app.getImage()).isEqualTo("nginx");
        assertThat(s.container("web", "setup").getImage()).isEqualTo("docker.io/library/busybox:1.36");
        // and once it ran, the runtime's reference
        s.at(31);
        assertThat(s.container("web", "app").getImage()).isEqualTo("docker.io/library/nginx:latest");
    }

    @Test
    void pullPolicyNeverWithAMissingImageSaysSo() {
        // given
        s.cluster.imageCannotBePulled("nginx:nope");
        s.apply(POD.replace("image: \"nginx:nope\"}", "image: \"nginx:nope\", imagePullPolicy: Never}"));
        // when
        s.at(15);
        // then
        assertThat(waiting()).isEqualTo("ErrImageNeverPull: Container image \"nginx:nope\" is not present with pull policy of Never");
        assertThat(s.events("web", "ErrImageNeverPull")).singleElement().extracting(Event::getType).isEqualTo("Warning");
        assertThat(s.events("web", "Pulling")).isEmpty();
    }

    @Test
    void aTaggedImageThatPullsIsAlreadyPresentAndAnUntaggedOneIsPulledEveryStart() {
        // given: admission defaults imagePullPolicy: IfNotPresent for nginx:1.25, Always for busybox
        s.cluster.container("web", "b").exitsWith(1).after(java.time.Duration.ofSeconds(1));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: "nginx:1.25"}
                  - {name: b, image: busybox}
                """);
        // when: b restarts at 1 s
        s.at(1);
        // then
        assertThat(s.events("web", "Pulled")).extracting(Event::getMessage, Event::getCount).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple("Container image \"nginx:1.25\" already present on machine", 1),
                org.assertj.core.groups.Tuple.tuple("Successfully pulled image \"busybox\" in 0s (0s including waiting). Image size: 0 bytes.", 2));
    }

    @Test
    void twoContainersOfOnePodShareTheImagesBackOff() {
        // given: image_manager.go keys the back-off by pod UID and image
        s.cluster.imageCannotBePulled("nginx:nope");
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  containers:
                  - {name: a, image: "nginx:nope"}
                  - {name: b, image: "nginx:nope"}
                """);
        // when: a pulls and fails at 0 s; b finds the image in back-off at once
        s.at(0);
        // then
        assertThat(s.events("web", "Pulling")).extracting(Event::getCount).containsExactly(1);
        assertThat(s.events("web", "BackOff")).singleElement().satisfies(e ->
                assertThat(e.getInvolvedObject().getFieldPath()).isEqualTo("spec.containers{b}"));
    }
}
