package dev.peapod.apiserver;

import dev.peapod.FakeCluster;
import io.fabric8.kubernetes.api.model.Pod;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pods/log, pods/eviction and pods/binding over HTTP, in the API server's words (v1.33:
 * pkg/registry/core/pod/rest/log.go, strategy.go LogLocation, storage/eviction.go, storage/storage.go
 * BindingREST; the kubelet's log options).
 */
class PodSubresourcesTest {
    private static final String TALKER = """
            apiVersion: v1
            kind: Pod
            metadata: {name: talker}
            spec:
              containers:
              - name: c
                image: busybox
                command: [sh, -c, 'echo one; sleep 10; echo two; sleep 10; echo three; sleep 3600']
            """;
    private static final String PAIR = """
            apiVersion: v1
            kind: Pod
            metadata: {name: pair}
            spec:
              containers:
              - {name: a, image: busybox, command: [sh, -c, 'echo from a; sleep 3600']}
              - {name: b, image: busybox, command: [sh, -c, 'echo from b; sleep 3600']}
            """;
    private static final String INIT = """
            apiVersion: v1
            kind: Pod
            metadata: {name: slow}
            spec:
              initContainers:
              - {name: init, image: busybox, command: [sh, -c, 'echo preparing; sleep 60']}
              containers:
              - {name: c, image: busybox, command: [sh, -c, 'echo up; sleep 3600']}
            """;
    private static final String LOGS = "/api/v1/namespaces/default/pods/talker/log";

    private FakeCluster cluster;
    private Http http;

    @BeforeEach
    void start() {
        cluster = FakeCluster.withNodes("node-1");
        http = new Http(cluster);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private String message(HttpResponse<String> answer) {
        return Json.MAPPER.readTree(answer.body()).get("message").asString();
    }

    @Test
    void logsAreTheContainersLinesAsPlainText() {
        // given
        cluster.applyYaml(TALKER);
        cluster.advance(Duration.ofSeconds(30));
        // when
        HttpResponse<String> all = http.get(LOGS);
        // then
        assertThat(all.statusCode()).isEqualTo(200);
        assertThat(all.headers().firstValue("Content-Type")).hasValue("text/plain");
        assertThat(all.body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(http.get(LOGS + "?tailLines=2").body()).isEqualTo("two\nthree\n");
        assertThat(http.get(LOGS + "?tailLines=0").body()).isEmpty();
        assertThat(http.get(LOGS + "?limitBytes=6").body()).isEqualTo("one\ntw");
        assertThat(http.get(LOGS + "?sinceSeconds=15").body()).isEqualTo("three\n");
        assertThat(http.get(LOGS + "?sinceTime=2025-01-01T00:00:10Z").body()).isEqualTo("two\nthree\n");
        assertThat(http.get(LOGS + "?sinceTime=2025-01-01T01:00:10%2B01:00").body()).isEqualTo("two\nthree\n");
        assertThat(http.get(LOGS + "?sinceTime=2025-01-01T00:00:10.5Z").body()).isEqualTo("three\n");
        // metav1.Time.UnmarshalQueryParameter: empty and "null" are Go's zero time, before every line
        assertThat(http.get(LOGS + "?sinceTime=").body()).isEqualTo("one\ntwo\nthree\n");
        assertThat(http.get(LOGS + "?sinceTime=null").body()).isEqualTo("one\ntwo\nthree\n");
        HttpResponse<String> both = http.get(LOGS + "?sinceTime=&sinceSeconds=5");
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(message(both)).isEqualTo("PodLogOptions \"talker\" is invalid: sinceTime: Forbidden: at most one of `sinceTime` "
                + "or `sinceSeconds` may be specified");
        assertThat(http.get(LOGS + "?timestamps=true&tailLines=1").body()).isEqualTo("2025-01-01T00:00:20.000000000Z three\n");
        assertThat(http.get(LOGS + "?container=c").body()).isEqualTo("one\ntwo\nthree\n");
    }

    @Test
    void logRefusalsAreUpstreams() {
        // given
        cluster.applyYaml(PAIR);
        cluster.advance(Duration.ofSeconds(5));
        // when / then
        HttpResponse<String> missing = http.get("/api/v1/namespaces/default/pods/nope/log");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(message(missing)).isEqualTo("pods \"nope\" not found");
        HttpResponse<String> which = http.get("/api/v1/namespaces/default/pods/pair/log");
        assertThat(which.statusCode()).isEqualTo(400);
        assertThat(message(which)).isEqualTo("a container name must be specified for pod pair, choose one of: [a b]");
        HttpResponse<String> invalid = http.get("/api/v1/namespaces/default/pods/pair/log?container=x");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(message(invalid)).isEqualTo("container x is not valid for pod pair");
        assertThat(http.get("/api/v1/namespaces/default/pods/pair/log?container=b").body()).isEqualTo("from b\n");
        HttpResponse<String> previous = http.get("/api/v1/namespaces/default/pods/pair/log?container=b&previous=true");
        assertThat(previous.statusCode()).isEqualTo(400);
        assertThat(message(previous)).isEqualTo("previous terminated container \"b\" in pod \"pair\" not found");
        HttpResponse<String> tail = http.get("/api/v1/namespaces/default/pods/pair/log?container=a&tailLines=-1&limitBytes=0");
        assertThat(tail.statusCode()).isEqualTo(422);
        assertThat(message(tail)).isEqualTo("PodLogOptions \"pair\" is invalid: [tailLines: Invalid value: -1: must be greater than or "
                + "equal to 0, limitBytes: Invalid value: 0: must be greater than 0]");
        HttpResponse<String> follow = http.get("/api/v1/namespaces/default/pods/pair/log?follow=true");
        assertThat(follow.statusCode()).isEqualTo(400);
        assertThat(message(follow)).isEqualTo("a container name must be specified for pod pair, choose one of: [a b]");
        HttpResponse<String> both = http.get("/api/v1/namespaces/default/pods/pair/log?container=a&sinceSeconds=1"
                + "&sinceTime=2025-01-01T00:00:00Z");
        assertThat(both.statusCode()).isEqualTo(422);
        assertThat(message(both)).isEqualTo("PodLogOptions \"pair\" is invalid: sinceTime: Forbidden: at most one of `sinceTime` "
                + "or `sinceSeconds` may be specified");
        HttpResponse<String> since = http.get("/api/v1/namespaces/default/pods/pair/log?container=a&follow=true&sinceTime=yesterday");
        assertThat(since.statusCode()).isEqualTo(400);
        assertThat(message(since)).isEqualTo("parsing time \"yesterday\" as \"2006-01-02T15:04:05Z07:00\": cannot parse "
                + "\"yesterday\" as \"2006\"");
    }

    @Test
    void aPodOnNoNodeHasNoLogsAndAContainerBehindItsInitContainerIsWaitingToStart() {
        // given: not scheduled: LogLocation has no host and answers an empty stream
        cluster.applyYaml(TALKER.replace("spec:\n", "spec:\n  schedulerName: mine\n"));
        HttpResponse<String> unscheduled = http.get(LOGS);
        assertThat(unscheduled.statusCode()).as(unscheduled.body()).isEqualTo(200);
        assertThat(unscheduled.body()).isEmpty();
        // when: bound, its main container waits for the init container
        cluster.applyYaml(INIT);
        cluster.advance(Duration.ofSeconds(1));
        HttpResponse<String> waiting = http.get("/api/v1/namespaces/default/pods/slow/log?container=c");
        // then
        assertThat(waiting.statusCode()).as(waiting.body()).isEqualTo(400);
        assertThat(message(waiting)).isEqualTo("container \"c\" in pod \"slow\" is waiting to start: PodInitializing");
        assertThat(http.get("/api/v1/namespaces/default/pods/slow/log?container=init").body()).isEqualTo("preparing\n");
    }

    @Test
    void anEvictionDeletesThePodGracefullyAndAnswers201Success() {
        // given
        cluster.applyYaml(TALKER);
        cluster.advance(Duration.ofSeconds(5));
        // when
        HttpResponse<String> answer = http.send("POST", "/api/v1/namespaces/default/pods/talker/eviction", "application/json",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"talker\",\"namespace\":\"default\"}}");
        // then
        assertThat(answer.statusCode()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
        assertThat(answer.headers().allValues("Warning")).isEmpty();
        Pod pod = cluster.context().store().get(Pod.class, "default", "talker").orElseThrow();
        assertThat(pod.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(pod.getMetadata().getDeletionGracePeriodSeconds()).isEqualTo(30L);
        // addConditionAndDeletePod
        assertThat(pod.getStatus().getConditions()).filteredOn(c -> c.getType().equals("DisruptionTarget"))
                .extracting(c -> c.getStatus() + " " + c.getReason() + " " + c.getMessage())
                .containsExactly("True EvictionByEvictionAPI Eviction API: evicting");
    }

    @Test
    void anEvictionHonoursItsDeleteOptionsAndRefusesAMismatchedName() {
        cluster.applyYaml(TALKER);
        cluster.advance(Duration.ofSeconds(5));
        String path = "/api/v1/namespaces/default/pods/talker/eviction";
        HttpResponse<String> mismatch = http.send("POST", path, "application/json",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"other\"}}");
        assertThat(mismatch.statusCode()).isEqualTo(400);
        assertThat(message(mismatch)).isEqualTo("name in URL does not match name in Eviction object");
        HttpResponse<String> stale = http.send("POST", path, "application/json", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"talker\"},\"deleteOptions\":{\"preconditions\":{\"uid\":\"u-1\"}}}");
        assertThat(stale.statusCode()).isEqualTo(409);
        String uid = cluster.context().store().get(Pod.class, "default", "talker").orElseThrow().getMetadata().getUid();
        assertThat(message(stale)).isEqualTo("Operation cannot be fulfilled on pods \"talker\": Precondition failed: UID in precondition: "
                + "u-1, UID in object meta: " + uid);
        HttpResponse<String> now = http.send("POST", path, "application/json", "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\","
                + "\"metadata\":{\"name\":\"talker\"},\"deleteOptions\":{\"gracePeriodSeconds\":0}}");
        assertThat(now.statusCode()).isEqualTo(201);
        assertThat(cluster.context().store().get(Pod.class, "default", "talker")).isEmpty();
        HttpResponse<String> gone = http.send("POST", path, "application/json",
                "{\"apiVersion\":\"policy/v1\",\"kind\":\"Eviction\",\"metadata\":{\"name\":\"talker\"}}");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(message(gone)).isEqualTo("pods \"talker\" not found");
    }

    @Test
    void aBindingBindsAnUnscheduledPodOnceThen409() {
        // given: a pod the default scheduler leaves alone
        cluster.applyYaml(TALKER.replace("spec:\n", "spec:\n  schedulerName: mine\n"));
        String path = "/api/v1/namespaces/default/pods/talker/binding";
        String body = "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"talker\"},"
                + "\"target\":{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"name\":\"node-1\"}}";
        // when
        HttpResponse<String> bound = http.send("POST", path, "application/json", body);
        // then
        assertThat(bound.statusCode()).isEqualTo(201);
        assertThat(bound.body()).isEqualTo("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\",\"code\":201}");
        assertThat(cluster.context().store().get(Pod.class, "default", "talker").orElseThrow().getSpec().getNodeName())
                .isEqualTo("node-1");
        HttpResponse<String> again = http.send("POST", path, "application/json", body);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(message(again)).isEqualTo("Operation cannot be fulfilled on pods/binding \"talker\": pod talker is already "
                + "assigned to node \"node-1\"");
        HttpResponse<String> invalid = http.send("POST", path, "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"talker\"},\"target\":{\"kind\":\"Pod\"}}");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(message(invalid)).isEqualTo("Binding \"talker\" is invalid: [target.kind: Unsupported value: \"Pod\": supported "
                + "values: \"Node\", \"<empty>\", target.name: Required value]");
    }
}
