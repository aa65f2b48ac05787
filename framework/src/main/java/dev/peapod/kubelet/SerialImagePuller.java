package dev.peapod.kubelet;

import dev.peapod.runtime.NodeRuntime;
import dev.peapod.runtime.PullResult;

import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * The kubelet's serial image puller, its default ({@code serializeImagePulls: true};
 * pkg/kubelet/images/puller.go serialImagePuller): one PullImage at a time on the node, in the order
 * the pod workers asked, whatever pod asked. The runtime's pull time counts from the moment the
 * puller starts it, which is what the {@code Pulled} event's first duration says; the wait in the
 * queue shows only in its "including waiting" one (image_manager.go EnsureImageExists).
 */
final class SerialImagePuller {
    private record Request(String image, Consumer<PullResult> done) {
    }

    private final NodeRuntime runtime;
    /** The pulls waiting their turn (puller.go: the pullRequests channel). */
    private final ArrayDeque<Request> queue = new ArrayDeque<>();
    /** A pull is under way: the next waits for it. */
    private boolean pulling;

    SerialImagePuller(NodeRuntime runtime) {
        this.runtime = runtime;
    }

    /** Queues a pull; {@code done} hears its result when it ends, at once if the puller is idle and the pull takes no time. */
    void pull(String image, Consumer<PullResult> done) {
        queue.addLast(new Request(image, done));
        startNext();
    }

    private void startNext() {
        if (pulling || queue.isEmpty()) {
            return;
        }
        Request next = queue.removeFirst();
        pulling = true;
        runtime.pullImage(next.image(), result -> {
            pulling = false;
            next.done().accept(result);
            startNext();
        });
    }
}
