package dev.peapod.cucumber;

import dev.peapod.apiserver.patch.PatchSchema;
import dev.peapod.core.GoJsonText;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.BDDAssertions.then;

/**
 * kubectl v1.20's client-side apply patch for built-in kinds: each expected patch is the request body Debian's
 * kubectl v1.20.2 sent (-v=9) for the same original, manifest and live object served by Peapod.
 */
class StrategicThreeWayTest {
    private static final PatchSchema POD = PatchSchema.forKind("v1", "Pod");
    private static final PatchSchema DEPLOYMENT = PatchSchema.forKind("apps/v1", "Deployment");

    @Test
    void aChangedPortIsAddedAndTheOldOneDeletedByItsMergeKey() {
        // given: the image and the port changed; the server defaulted the port's protocol
        Map<String, Object> original = json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"name\":\"app\",\"ports\":[{\"containerPort\":80}]}]}}");
        Map<String, Object> modified = json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\"},"
                + "\"spec\":{\"containers\":[{\"image\":\"nginx:1.28\",\"name\":\"app\",\"ports\":[{\"containerPort\":81}]}]}}");
        Map<String, Object> live = json("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"uid\":\"u\"},"
                + "\"spec\":{\"containers\":[{\"image\":\"nginx:1.27\",\"imagePullPolicy\":\"IfNotPresent\",\"name\":\"app\","
                + "\"ports\":[{\"containerPort\":80,\"protocol\":\"TCP\"}]}],\"restartPolicy\":\"Always\"},\"status\":{\"phase\":\"Running\"}}");
        // when
        Map<String, Object> patch = StrategicThreeWay.patch(original, modified, live, POD);
        // then
        then(GoJsonText.marshal(patch)).isEqualTo("{\"spec\":{\"$setElementOrder/containers\":[{\"name\":\"app\"}],"
                + "\"containers\":[{\"$setElementOrder/ports\":[{\"containerPort\":81}],\"image\":\"nginx:1.28\",\"name\":\"app\","
                + "\"ports\":[{\"containerPort\":81},{\"$patch\":\"delete\",\"containerPort\":80}]}]}}");
    }

    @Test
    void reorderedContainersDeletedEnvAReplacedStrategyAndVolumeSourceAsKubectlSendsThem() {
        // given
        Map<String, Object> original = json("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"front\"}},\"spec\":{\"replicas\":2,"
                + "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1},\"type\":\"RollingUpdate\"},\"template\":{\"spec\":{"
                + "\"containers\":[{\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}],\"image\":\"nginx:1.27\","
                + "\"name\":\"app\"},{\"image\":\"busybox:1.36\",\"name\":\"side\"}],"
                + "\"volumes\":[{\"emptyDir\":{},\"name\":\"a\"},{\"configMap\":{\"name\":\"x\"},\"name\":\"b\"}]}}}}");
        Map<String, Object> modified = json("{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":3,"
                + "\"strategy\":{\"type\":\"Recreate\"},\"template\":{\"spec\":{"
                + "\"containers\":[{\"image\":\"busybox:1.36\",\"name\":\"side\"},{\"env\":[{\"name\":\"C\",\"value\":\"3\"},"
                + "{\"name\":\"A\",\"value\":\"1\"}],\"image\":\"nginx:1.28\",\"name\":\"app\"}],"
                + "\"volumes\":[{\"name\":\"b\",\"secret\":{\"secretName\":\"sec\"}}]}}}}");
        Map<String, Object> live = json("{\"metadata\":{\"labels\":{\"app\":\"web\",\"tier\":\"front\"}},\"spec\":{\"replicas\":2,"
                + "\"strategy\":{\"rollingUpdate\":{\"maxSurge\":1,\"maxUnavailable\":\"25%\"},\"type\":\"RollingUpdate\"},"
                + "\"template\":{\"spec\":{\"containers\":[{\"env\":[{\"name\":\"A\",\"value\":\"1\"},{\"name\":\"B\",\"value\":\"2\"}],"
                + "\"image\":\"nginx:1.27\",\"name\":\"app\"},{\"image\":\"busybox:1.36\",\"name\":\"side\"}],"
                + "\"volumes\":[{\"emptyDir\":{},\"name\":\"a\"},{\"configMap\":{\"defaultMode\":420,\"name\":\"x\"},\"name\":\"b\"}]}}}}");
        // when
        Map<String, Object> patch = StrategicThreeWay.patch(original, modified, live, DEPLOYMENT);
        // then: the shape kubectl v1.20.2 sent for the same change
        then(GoJsonText.marshal(patch)).isEqualTo("{\"metadata\":{\"labels\":{\"tier\":null}},\"spec\":{\"replicas\":3,"
                + "\"strategy\":{\"$retainKeys\":[\"type\"],\"rollingUpdate\":null,\"type\":\"Recreate\"},\"template\":{\"spec\":{"
                + "\"$setElementOrder/containers\":[{\"name\":\"side\"},{\"name\":\"app\"}],\"$setElementOrder/volumes\":[{\"name\":\"b\"}],"
                + "\"containers\":[{\"$setElementOrder/env\":[{\"name\":\"C\"},{\"name\":\"A\"}],"
                + "\"env\":[{\"name\":\"C\",\"value\":\"3\"},{\"$patch\":\"delete\",\"name\":\"B\"}],\"image\":\"nginx:1.28\",\"name\":\"app\"}],"
                + "\"volumes\":[{\"$retainKeys\":[\"name\",\"secret\"],\"configMap\":null,\"name\":\"b\",\"secret\":{\"secretName\":\"sec\"}},"
                + "{\"$patch\":\"delete\",\"name\":\"a\"}]}}}}");
    }

    @Test
    void aPrimitiveMergeListGetsItsDeletionsInAParallelList() {
        // given
        Map<String, Object> original = json("{\"metadata\":{\"finalizers\":[\"example.com/a\",\"example.com/b\"]}}");
        Map<String, Object> modified = json("{\"metadata\":{\"finalizers\":[\"example.com/b\",\"example.com/c\"]}}");
        Map<String, Object> live = json("{\"metadata\":{\"finalizers\":[\"example.com/a\",\"example.com/b\"],\"name\":\"web\"}}");
        // when
        Map<String, Object> patch = StrategicThreeWay.patch(original, modified, live, DEPLOYMENT);
        // then
        then(GoJsonText.marshal(patch)).isEqualTo("{\"metadata\":{\"$deleteFromPrimitiveList/finalizers\":[\"example.com/a\"],"
                + "\"$setElementOrder/finalizers\":[\"example.com/b\",\"example.com/c\"],\"finalizers\":[\"example.com/c\"]}}");
        then(StrategicThreeWay.patch(modified, modified, json("{\"metadata\":{\"finalizers\":[\"example.com/b\",\"example.com/c\"],"
                + "\"uid\":\"u\"}}"), DEPLOYMENT)).isEmpty();
    }

    private static Map<String, Object> json(String text) {
        return KubectlHttp.json(text);
    }
}
