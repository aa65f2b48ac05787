package dev.peapod.kubelet;

import io.fabric8.kubernetes.api.model.Event;
import org.junit.jupiter.api.Test;

import java.util.List;

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
                org.assertj.core.groups.Tuple.tuple("Successfully pulled image \"busybox\" in 0s (0s including waiting). Image size: 2217006 bytes.", 2));
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

    // ---------------------------------------------------------------- pull times, sizes, nodes' images

    private static String pod(String name, String node, String image) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  nodeName: %s
                  containers:
                  - {name: app, image: "%s"}
                """.formatted(name, node, image);
    }

    private static String pulled(Scenario s, String pod) {
        return s.events(pod, "Pulled").stream().map(Event::getMessage).reduce((a, b) -> a + " | " + b).orElse("");
    }

    @Test
    void aPullThatTakesTimeDelaysTheStartByExactlyThatTime() {
        // given: a node that holds no images, and an image that takes 12.5 s to pull
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages());
        s.cluster.image("nginx:1.25").pullTakes(java.time.Duration.ofMillis(12_500));
        s.apply(pod("web", "node-1", "nginx:1.25"));
        // when: the pull is under way
        s.cluster.advance(java.time.Duration.ofSeconds(12));
        // then: the container waits in ContainerCreating; Pulling is said, Pulled not yet
        var waiting = s.container("web", "app").getState().getWaiting();
        assertThat(waiting.getReason()).isEqualTo("ContainerCreating");
        assertThat(dev.peapod.printers.PodPrinter.row(s.pod("web"), s.cluster.now()).status()).isEqualTo("ContainerCreating");
        assertThat(s.events("web", "Pulling")).extracting(Event::getMessage).containsExactly("Pulling image \"nginx:1.25\"");
        assertThat(s.events("web", "Pulled")).isEmpty();
        assertThat(s.events("web", "Started")).isEmpty();
        // when: the pull ends at 12.5 s
        s.cluster.advance(java.time.Duration.ofMillis(500));
        // then: Go's time.Duration text for both times, nginx's built-in size, and the start at once
        assertThat(s.events("web", "Pulled")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Successfully pulled image \"nginx:1.25\" in 12.5s (12.5s including waiting). "
                    + "Image size: 68857691 bytes.");
            assertThat(e.getFirstTimestamp()).isEqualTo("2025-01-01T00:00:12Z");
        });
        assertThat(s.container("web", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:12Z");
        assertThat(s.phase("web")).isEqualTo("Running");
    }

    @Test
    void aNodePullsOneImageAtATimeAndTheSecondPullCountsItsWait() {
        // given: two pods on one node, each with an image of its own
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages());
        s.cluster.image("me/api:1").pullTakes(java.time.Duration.ofSeconds(10)).size(1_000);
        s.cluster.image("me/worker:1").pullTakes(java.time.Duration.ofMillis(2_250)).size(2_000);
        s.apply(pod("api", "node-1", "me/api:1"));
        s.apply(pod("worker", "node-1", "me/worker:1"));
        // when
        s.at(9);
        // then: the second pull waits for the first (puller.go serialImagePuller)
        assertThat(s.events("worker", "Pulling")).hasSize(1);
        assertThat(s.events("worker", "Pulled")).isEmpty();
        s.at(13);
        assertThat(pulled(s, "api")).isEqualTo("Successfully pulled image \"me/api:1\" in 10s (10s including waiting). Image size: 1000 bytes.");
        assertThat(pulled(s, "worker")).isEqualTo(
                "Successfully pulled image \"me/worker:1\" in 2.25s (12.25s including waiting). Image size: 2000 bytes.");
        assertThat(s.container("api", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:10Z");
        assertThat(s.container("worker", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:12Z");
    }

    @Test
    void aPulledImageIsPresentOnItsNodeAndPulledAgainOnAnother() {
        // given
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages(), dev.peapod.NodeSpec.named("node-2").noImages());
        s.cluster.image("nginx:1.25").pullTakes(java.time.Duration.ofSeconds(3));
        s.apply(pod("first", "node-1", "nginx:1.25"));
        s.at(5);
        // when
        s.apply(pod("second", "node-1", "nginx:1.25"));
        s.apply(pod("third", "node-2", "nginx:1.25"));
        s.at(10);
        // then
        assertThat(pulled(s, "first")).isEqualTo("Successfully pulled image \"nginx:1.25\" in 3s (3s including waiting). "
                + "Image size: 68857691 bytes.");
        assertThat(pulled(s, "second")).isEqualTo("Container image \"nginx:1.25\" already present on machine");
        assertThat(s.events("second", "Pulling")).isEmpty();
        assertThat(pulled(s, "third")).isEqualTo("Successfully pulled image \"nginx:1.25\" in 3s (3s including waiting). "
                + "Image size: 68857691 bytes.");
        assertThat(s.container("third", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:08Z");
    }

    @Test
    void aDeclaredImageIsPresentAndAnUndeclaredOneWithPolicyNeverIsNot() {
        // given
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").images("nginx:1.25"));
        // when
        s.apply(pod("web", "node-1", "nginx:1.25"));
        s.apply(pod("other", "node-1", "nginx:1.27").replace("image: \"nginx:1.27\"}", "image: \"nginx:1.27\", imagePullPolicy: Never}"));
        s.at(11); // the sync after the failed start publishes its reason
        // then
        assertThat(pulled(s, "web")).isEqualTo("Container image \"nginx:1.25\" already present on machine");
        assertThat(s.container("other", "app").getState().getWaiting().getReason()).isEqualTo("ErrImageNeverPull");
    }

    @Test
    void policyAlwaysPullsAgainAtEveryStartEvenWhenTheImageIsPresent() {
        // given: busybox has imagePullPolicy Always (no tag); the node has it; each pull takes 2 s
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").images("busybox"));
        s.cluster.image("busybox").pullTakes(java.time.Duration.ofSeconds(2));
        s.cluster.container("web", "app").exitsWith(1).after(java.time.Duration.ofSeconds(1));
        s.apply(pod("web", "node-1", "busybox"));
        // when: it starts at 2 s, exits at 3 s, and restarts at once, after a second pull of 2 s (to exit again at 6 s)
        s.at(5);
        // then
        assertThat(s.events("web", "Pulling")).singleElement().extracting(Event::getCount).isEqualTo(2);
        assertThat(s.events("web", "Pulled")).singleElement().satisfies(e -> {
            assertThat(e.getMessage()).isEqualTo("Successfully pulled image \"busybox\" in 2s (2s including waiting). "
                    + "Image size: 2217006 bytes.");
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getLastTimestamp()).isEqualTo("2025-01-01T00:00:05Z");
        });
        var app = s.container("web", "app");
        assertThat(app.getRestartCount()).isEqualTo(1);
        assertThat(app.getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:05Z");
    }

    @Test
    void theNodeListsItsImagesLargestFirstAndAPulledOneAtTheImageCacheRefresh() {
        // given
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").images("me/app:1", "busybox:1.36"));
        s.cluster.image("me/app:1").size(5_000);
        // then: at start, as listed by size (nodestatus Images; sliceutils.ByImageSize)
        assertThat(nodeImages(s)).containsExactly(
                "docker.io/library/busybox:1.36 2217006",
                "docker.io/me/app:1 0");
        // when: nginx is pulled at 3 s; the kubelet's image cache is refreshed every 30 s
        s.cluster.image("nginx:1.25").pullTakes(java.time.Duration.ofSeconds(3));
        s.apply(pod("web", "node-1", "nginx:1.25"));
        s.at(29);
        assertThat(nodeImages(s)).hasSize(2);
        s.at(30);
        // then: the names are the digest reference, then the tag
        assertThat(nodeImages(s)).containsExactly(
                "docker.io/library/nginx:1.25 68857691",
                "docker.io/library/busybox:1.36 2217006",
                "docker.io/me/app:1 0");
        var nginx = s.cluster.node("node-1").getStatus().getImages().get(0);
        assertThat(nginx.getNames()).hasSize(2);
        assertThat(nginx.getNames().get(0)).matches("docker\\.io/library/nginx@sha256:[0-9a-f]{64}");
        assertThat(nginx.getNames().get(0)).isEqualTo(s.container("web", "app").getImageID());
    }

    @Test
    void aNodeThatListsNoImagesHasEveryImageAndNoStatusImages() {
        Scenario s = new Scenario();
        s.apply(pod("web", "node-1", "nginx:1.25"));
        s.at(60);
        assertThat(pulled(s, "web")).isEqualTo("Container image \"nginx:1.25\" already present on machine");
        assertThat(s.cluster.node("node-1").getStatus().getImages()).isNull();
    }

    @Test
    void aPullQueuedBehindAnotherFailsWhenItsTurnComesWithTheSameTexts() {
        // given: a slow pull, then one of an image no registry has
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages());
        s.cluster.image("me/api:1").pullTakes(java.time.Duration.ofSeconds(8));
        s.cluster.image("nginx:nope").cannotBePulled();
        s.apply(pod("api", "node-1", "me/api:1"));
        s.apply(POD);
        // when
        s.at(7);
        assertThat(s.events("web", "Failed")).isEmpty();
        s.at(8);
        // then
        assertThat(s.events("web", "Failed")).extracting(Event::getMessage)
                .containsExactly("Failed to pull image \"nginx:nope\": " + NOT_FOUND, "Error: ErrImagePull");
        assertThat(s.events("web", "Failed").get(0).getFirstTimestamp()).isEqualTo("2025-01-01T00:00:08Z");
        // and the reason is published by the sync the worker's back-off brings 10 s later, as after any failed start
        s.at(17);
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("ContainerCreating");
        s.at(18);
        assertThat(s.container("web", "app").getState().getWaiting().getReason()).isEqualTo("ErrImagePull");
    }

    @Test
    void aPodDeletedDuringItsPullIsGoneAndTheNodeKeepsTheImage() {
        // given
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages());
        s.cluster.image("nginx:1.25").pullTakes(java.time.Duration.ofSeconds(20));
        s.apply(pod("web", "node-1", "nginx:1.25"));
        s.at(5);
        // when
        s.cluster.deletePod("web");
        s.at(30);
        // then: gone; the pull still ran to its end and left the image on the node. (Whether the container
        // starts before the kill follows how a deletion treats a waiting SyncPod: PodWorker, giveUpWaiting.)
        assertThat(s.cluster.findPod("default", "web")).isEmpty();
        assertThat(s.cluster.events().stream().filter(e -> "web".equals(e.getInvolvedObject().getName())).map(Event::getReason))
                .contains("Pulling", "Pulled");
        assertThat(s.cluster.node("node-1").getStatus().getImages()).extracting(i -> i.getNames().get(1))
                .containsExactly("docker.io/library/nginx:1.25");
    }

    @Test
    void anInitContainersPullHoldsThePodsOtherContainersBack() {
        // given: the init container's image takes 5 s, it runs 3 s; the app's image takes 2 s
        Scenario s = new Scenario(dev.peapod.NodeSpec.named("node-1").noImages());
        s.cluster.image("me/setup:1").pullTakes(java.time.Duration.ofSeconds(5));
        s.cluster.image("me/app:1").pullTakes(java.time.Duration.ofSeconds(2));
        s.cluster.container("web", "setup").exitsWith(0).after(java.time.Duration.ofSeconds(3));
        s.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  nodeName: node-1
                  initContainers:
                  - {name: setup, image: "me/setup:1"}
                  containers:
                  - {name: app, image: "me/app:1"}
                """);
        // when
        s.at(4);
        assertThat(s.container("web", "setup").getState().getWaiting().getReason()).isEqualTo("PodInitializing");
        s.at(20);
        // then: setup ran 5-8 s; app was pulled 8-10 s and started at 10 s
        assertThat(s.container("web", "setup").getState().getTerminated().getStartedAt()).isEqualTo("2025-01-01T00:00:05Z");
        assertThat(s.container("web", "setup").getState().getTerminated().getFinishedAt()).isEqualTo("2025-01-01T00:00:08Z");
        assertThat(pulled(s, "web")).isEqualTo(
                "Successfully pulled image \"me/setup:1\" in 5s (5s including waiting). Image size: 0 bytes. | "
                + "Successfully pulled image \"me/app:1\" in 2s (2s including waiting). Image size: 0 bytes.");
        assertThat(s.container("web", "app").getState().getRunning().getStartedAt()).isEqualTo("2025-01-01T00:00:10Z");
    }

    private static List<String> nodeImages(Scenario s) {
        return s.cluster.node("node-1").getStatus().getImages().stream()
                .map(i -> i.getNames().get(1) + " " + i.getSizeBytes()).toList();
    }
}
