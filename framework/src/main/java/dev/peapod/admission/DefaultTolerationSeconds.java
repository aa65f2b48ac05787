package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * The DefaultTolerationSeconds admission plugin (plugin/pkg/admission/defaulttolerationseconds/
 * admission.go, on by default): on create and update, a pod that does not already tolerate the
 * not-ready or unreachable NoExecute taints gets a 300 s toleration for each, so pods leave a dead
 * node five minutes after it goes NotReady. Pods only, never templates.
 */
final class DefaultTolerationSeconds implements AdmissionPlugin {
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    /** --default-not-ready-toleration-seconds and --default-unreachable-toleration-seconds. */
    static final long DEFAULT_SECONDS = 300;

    DefaultTolerationSeconds() {
    }

    @Override
    public String name() {
        return "DefaultTolerationSeconds";
    }

    @Override
    public void mutate(AdmissionRequest request) {
        if (request.object() instanceof Pod pod) {
            admit(pod);
        }
    }

    static void admit(Pod pod) {
        PodSpec spec = PodDefaults.spec(pod);
        List<Toleration> tolerations = spec.getTolerations() == null ? new ArrayList<>() : new ArrayList<>(spec.getTolerations());
        boolean notReady = tolerates(tolerations, NOT_READY);
        boolean unreachable = tolerates(tolerations, UNREACHABLE);
        if (notReady && unreachable) {
            return;
        }
        if (!notReady) {
            tolerations.add(toleration(NOT_READY));
        }
        if (!unreachable) {
            tolerations.add(toleration(UNREACHABLE));
        }
        spec.setTolerations(tolerations);
    }

    /** An empty key tolerates every key, an empty effect every effect. */
    private static boolean tolerates(List<Toleration> tolerations, String key) {
        return tolerations.stream().anyMatch(t -> (PodDefaults.empty(t.getKey()) || key.equals(t.getKey()))
                && (PodDefaults.empty(t.getEffect()) || "NoExecute".equals(t.getEffect())));
    }

    private static Toleration toleration(String key) {
        return new TolerationBuilder().withKey(key).withOperator("Exists").withEffect("NoExecute")
                .withTolerationSeconds(DEFAULT_SECONDS).build();
    }
}
