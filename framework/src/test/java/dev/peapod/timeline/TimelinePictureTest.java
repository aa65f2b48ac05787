package dev.peapod.timeline;

import dev.peapod.FakeCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The timeline picture (issue #15): lanes, states, folded ticks, tooltips and the axis, read back from its XML. */
class TimelinePictureTest {

    private static final String WEB = """
            apiVersion: v1
            kind: Pod
            metadata:
              name: web
            spec:
              initContainers:
              - name: migrate
                image: busybox:1.36
                command: [sh, -c, "true"]
              containers:
              - name: app
                image: registry.k8s.io/e2e-test-images/agnhost:2.40
                args: [liveness]
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 10
                readinessProbe:
                  httpGet: {path: /healthz, port: 8080}
                  periodSeconds: 10
            """;

    @Test
    void drawsTheLivenessFailuresTheRestartAndTheFoldedPassesOfAKnownStory() throws Exception {
        // given: app answers 500 until 35 s of cluster time, then 200 (its restarted run becomes healthy)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").httpReturns(8080, "/healthz", 500).until(Duration.ofSeconds(35));
        cluster.applyYaml(WEB);
        // when
        cluster.advance(Duration.ofMinutes(10));
        Document page = parse(cluster.timeline().html());
        // then: the liveness lane of app has 3 fail ticks, then 57 passes folded into one span
        assertThat(lanes(page)).containsExactly("axis", "default/web/ready", "default/web/migrate", "default/web/app",
                "default/web/app/readiness", "default/web/app/liveness", "default/web/actions");
        assertThat(drawn(page, "default/web/app/liveness")).containsExactly(
                "tick fail 00:00:10 | 00:00:10  Liveness probe failed: HTTP probe failed with statuscode: 500  (1 of 3)",
                "tick fail 00:00:20 | 00:00:20  Liveness probe failed: HTTP probe failed with statuscode: 500  (2 of 3)",
                "tick fail 00:00:30 | 00:00:30  Liveness probe failed: HTTP probe failed with statuscode: 500  (3 of 3)",
                "span pass 00:00:40 x57 | × 57 passes from 00:00:40  Liveness probe succeeded\nto 00:10:00  Liveness probe succeeded");
        // the readiness failures' run (4 results in a row) is folded too, with its first and last words
        assertThat(drawn(page, "default/web/app/readiness")).containsExactly(
                "span fail 00:00:00 x4 | × 4 fails from 00:00:00  Readiness probe failed: HTTP probe failed with statuscode: 500  (1 of 3)"
                        + "\nto 00:00:30  Readiness probe failed: HTTP probe failed with statuscode: 500  (4 in a row)",
                "span pass 00:00:40 x57 | × 57 passes from 00:00:40  Readiness probe succeeded\nto 00:10:00  Readiness probe succeeded");
        // states as tooltips: the kill, the exit and the restart at one instant are told in the new run's
        assertThat(drawn(page, "default/web/app")).containsExactly(
                "state running 00:00:00 | running since 00:00:00",
                "state running 00:00:30 | running since 00:00:30 (restart 1)\nfirst at this instant: terminating since 00:00:30:"
                        + " SIGTERM, within the grace period; terminated at 00:00:30: exit code 0 (Completed)");
        assertThat(drawn(page, "default/web/migrate")).containsExactly(
                "state completed 00:00:00 | terminated at 00:00:00: exit code 0 (Completed)\nfirst at this instant: running since 00:00:00");
        assertThat(drawn(page, "default/web/ready")).containsExactly(
                "state not-ready 00:00:00 | not ready until 00:00:40",
                "state ready 00:00:40 | 00:00:40  pod ready");
        assertThat(drawn(page, "default/web/actions")).containsExactly(
                "mark 00:00:00 x1 | 00:00:00  scheduled to node node-1",
                "mark 00:00:00 x1 | 00:00:00  pod phase Running",
                "mark 00:00:30 x1 | 00:00:30  Killing: Container app failed liveness probe, will be restarted",
                "mark 00:00:30 x1 | 00:00:30  container app got SIGTERM",
                "mark 00:00:30 x1 | 00:00:30  container app started (restart 1)");
        // lanes are labelled with the container's role, grouped under the node
        assertThat(texts(page, "//*[local-name()='svg' and @class='labels']/*[local-name()='text']"))
                .contains("pod default/web", "  migrate (init)", "  app (app)", "    liveness probe", "    readiness probe", "  actions");
        assertThat(texts(page, "//*[local-name()='summary']")).containsExactly("node node-1 — 1 pod");
        // the axis: 10 minutes at 20 px a second, a label every 10 s (at least 120 px apart) to 00:10:00, the date beside it
        List<String> ticks = texts(page, "//*[@data-lane='axis']/*[@class='tick']");
        assertThat(ticks).hasSize(61).startsWith("00:00:00", "00:00:10", "00:00:20").endsWith("00:09:50", "00:10:00");
        assertThat(texts(page, "//*[local-name()='svg' and @class='labels']/*[local-name()='text']")).contains("2025-01-01 (UTC)");
    }

    @Test
    void groupsAPodBoundBySpecNodeNameUnderTheNodeWhoseKubeletAdmittedIt() throws Exception {
        // given: a pod the scheduler never sees (spec.nodeName), and one it cannot place (no node has 64 CPUs)
        FakeCluster cluster = FakeCluster.withNodes("node-1", "node-2");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: pinned
                spec:
                  nodeName: node-2
                  containers:
                  - name: app
                    image: nginx:1.25
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: huge
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    resources: {requests: {cpu: "64"}}
                """);
        // when
        cluster.advance(Duration.ofSeconds(10));
        Document page = parse(cluster.timeline().html());
        // then: under node-2, with no "scheduled" mark (nothing upstream says so in words); the other under no node
        assertThat(texts(page, "//*[local-name()='summary']")).containsExactly("node node-2 — 1 pod",
                "no node (not scheduled, or not admitted by a kubelet) — 1 pod");
        assertThat(cluster.timeline().describe("default", "pinned")).doesNotContain("admitted");
        // and the axis's last label, at the right edge, ends at its tick rather than running off the picture
        org.w3c.dom.Element last = (org.w3c.dom.Element) ((org.w3c.dom.NodeList) javax.xml.xpath.XPathFactory.newInstance().newXPath()
                .evaluate("//*[@data-lane='axis']/*[local-name()='text'][last()]", page, javax.xml.xpath.XPathConstants.NODESET)).item(0);
        assertThat(last.getTextContent()).isEqualTo("00:00:10");
        assertThat(last.getAttribute("text-anchor")).isEqualTo("end");
    }

    @Test
    void showsCrashLoopBackOffAsAWaitingStateWithItsReasonAndAFailedEndInRed() throws Exception {
        // given: two containers that exit 1 at once, one restarted (restartPolicy Always), one not (Never)
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: crash
                spec:
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sh, -c, "exit 1"]
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: once
                spec:
                  restartPolicy: Never
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sh, -c, "exit 1"]
                """);
        // when
        cluster.advance(Duration.ofSeconds(40));
        Document page = parse(cluster.timeline().html());
        // then: CrashLoopBackOff from each exit to the next start (back-offs of 10 and 20 s, kubelet's), the runs told at their instant
        String backOff = "CrashLoopBackOff (Back-off restarting failed container app in pod crash_default(UID))";
        assertThat(drawn(page, "default/crash/app")).containsExactly(
                "state waiting 00:00:00 | waiting since 00:00:00: " + backOff + "\nfirst at this instant: running since 00:00:00;"
                        + " terminated at 00:00:00: exit code 1 (Error); running since 00:00:00 (restart 1); terminated at 00:00:00: exit code 1 (Error)",
                "state waiting 00:00:10 | waiting since 00:00:10: " + backOff + "\nfirst at this instant: running since 00:00:10 (restart 2);"
                        + " terminated at 00:00:10: exit code 1 (Error)",
                "state waiting 00:00:30 | waiting since 00:00:30: " + backOff + "\nfirst at this instant: running since 00:00:30 (restart 3);"
                        + " terminated at 00:00:30: exit code 1 (Error)");
        // ready and unready again at each start's instant: only the unready stretches are drawn
        assertThat(drawn(page, "default/crash/ready")).containsExactly(
                "state not-ready 00:00:00 | 00:00:00  pod not ready: containers with unready status: [app]",
                "state not-ready 00:00:10 | 00:00:10  pod not ready: containers with unready status: [app]",
                "state not-ready 00:00:30 | 00:00:30  pod not ready: containers with unready status: [app]");
        assertThat(all(page, "//*[@data-lane='default/crash/app']/*[@data-at]")).allSatisfy(e -> assertThat(e.getAttribute("fill")).isEqualTo("#f59f00"));
        // a run that ended for good stays terminated, in red for a non-zero exit code
        assertThat(drawn(page, "default/once/app")).containsExactly(
                "state failed 00:00:00 | terminated at 00:00:00: exit code 1 (Error)\nfirst at this instant: running since 00:00:00");
        assertThat(all(page, "//*[@data-lane='default/once/app']/*[@data-at]").get(0).getAttribute("fill")).isEqualTo("#e03131");
    }

    @Test
    void drawsADeletionsGracePeriodTheSignalsAndTheSidecarsLane() throws Exception {
        // given: an app that ignores SIGTERM beside a native sidecar, with a 30 s grace period
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.container("web", "app").ignoresSigterm();
        cluster.applyYaml("""
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  terminationGracePeriodSeconds: 30
                  initContainers:
                  - name: proxy
                    image: busybox:1.36
                    command: [sh, -c, "sleep 3600"]
                    restartPolicy: Always
                  containers:
                  - name: app
                    image: busybox:1.36
                    command: [sh, -c, "sleep 3600"]
                """);
        cluster.advance(Duration.ofSeconds(10));
        // when: the pod is deleted at 00:00:10
        cluster.delete(io.fabric8.kubernetes.api.model.Pod.class, "web");
        cluster.advance(Duration.ofSeconds(50));
        Document page = parse(cluster.timeline().html());
        // then: app is terminating through its grace period (SIGTERM at 10 s, SIGKILL at 40 s), then the sidecar (2 s, kubelet's minimum)
        assertThat(drawn(page, "default/web/app")).containsExactly(
                "state running 00:00:00 | running since 00:00:00",
                "state terminating 00:00:10 | terminating since 00:00:10: SIGTERM, within the grace period",
                "state failed 00:00:40 | terminated at 00:00:40: exit code 137 (Error)");
        assertThat(drawn(page, "default/web/proxy")).containsExactly(
                "state running 00:00:00 | running since 00:00:00",
                "state terminating 00:00:40 | terminating since 00:00:40: SIGTERM, within the grace period",
                "state failed 00:00:42 | terminated at 00:00:42: exit code 137 (Error)");
        assertThat(all(page, "//*[@data-lane='default/web/app']/*[@class='state terminating']").get(0).getAttribute("fill")).isEqualTo("#ae3ec9");
        assertThat(drawn(page, "default/web/actions")).containsExactly(
                "mark 00:00:00 x1 | 00:00:00  scheduled to node node-1",
                "mark 00:00:00 x1 | 00:00:00  pod phase Running",
                "mark 00:00:10 x1 | 00:00:10  Killing: Stopping container app",
                "mark 00:00:10 x1 | 00:00:10  container app got SIGTERM",
                "mark 00:00:10 x1 | 00:00:10  Killing: Stopping container proxy",
                "mark 00:00:40 x1 | 00:00:40  container app got SIGKILL",
                "mark 00:00:40 x1 | 00:00:40  container proxy got SIGTERM",
                "mark 00:00:42 x1 | 00:00:42  container proxy got SIGKILL",
                "mark 00:00:42 x1 | 00:00:42  pod phase Failed");
        assertThat(texts(page, "//*[local-name()='svg' and @class='labels']/*[local-name()='text']")).contains("  proxy (sidecar)", "  app (app)");
    }

    @Test
    void labelsTheAxisOfAVirtualDayEvery10MinutesWithTheDateWhereItChanges() throws Exception {
        // given: a story of 25 virtual hours from noon UTC
        java.time.Instant noon = java.time.Instant.parse("2025-01-01T12:00:00Z");
        List<TimelineEntry> entries = List.of(
                new TimelineEntry(noon, Duration.ZERO, "default", "web", new Fact.ContainerStarted("app", 0, "c-1", "app")),
                new TimelineEntry(noon.plus(Duration.ofHours(25)), Duration.ofHours(25), "default", "web", new Fact.PhaseChanged("Succeeded")));
        // when: 25 h on at most 24,000 px is 0.27 px a second, so a label every 600 s keeps them 160 px apart
        Document page = parse(TimelinePicture.html(entries, noon, Duration.ofHours(25)));
        // then
        List<String> ticks = texts(page, "//*[@data-lane='axis']/*[@class='tick']");
        assertThat(ticks).hasSize(151).startsWith("00:00:00", "00:10:00").contains("12:00:00").endsWith("24:50:00", "25:00:00");
        assertThat(texts(page, "//*[@data-lane='axis']/*[@class='date']")).containsExactly("2025-01-02");
        assertThat(texts(page, "//*[local-name()='svg' and @class='labels']/*[local-name()='text']")).contains("2025-01-01 (UTC)");
        assertThat(drawn(page, "default/web/app")).containsExactly("state running 00:00:00 | running since 00:00:00");
        assertThat(drawn(page, "default/web/ready")).containsExactly("state not-ready 00:00:00 | never ready"); // no Ready change
        assertThat(all(page, "//*[@data-lane='axis']").get(0).getAttribute("width")).isEqualTo("24000");
    }

    @Test
    void writesTheHtmlFileAndKeepsSecretValuesOut(@TempDir Path folder) throws Exception {
        // given: a pod whose environment comes from a Secret
        FakeCluster cluster = FakeCluster.withNodes("node-1");
        cluster.applyYaml("""
                apiVersion: v1
                kind: Secret
                metadata:
                  name: db
                stringData:
                  password: s3cr3t-Value-42
                ---
                apiVersion: v1
                kind: Pod
                metadata:
                  name: web
                spec:
                  containers:
                  - name: app
                    image: nginx:1.25
                    env:
                    - name: PASSWORD
                      valueFrom: {secretKeyRef: {name: db, key: password}}
                """);
        cluster.advance(Duration.ofSeconds(30));
        // when
        Path written = cluster.timeline().writeHtml(folder.resolve("pictures/web.html"));
        // then
        assertThat(written).isEqualTo(folder.resolve("pictures/web.html"));
        String page = Files.readString(written);
        parse(page); // well-formed
        assertThat(page).contains("data-lane=\"default/web/app\"").doesNotContain("s3cr3t-Value-42")
                .doesNotContain("czNjcjN0LVZhbHVlLTQy").doesNotContain("<script", "src=", "href=", "@import");
    }

    @Test
    void escapesWhatAnEntrySaysAndDrawsAnEmptyTimeline() throws Exception {
        // given
        dev.peapod.time.VirtualClock clock = new dev.peapod.time.VirtualClock(java.time.Instant.parse("2025-01-01T00:00:00Z"));
        Timeline timeline = new Timeline(clock);
        // when
        String empty = timeline.html();
        timeline.record("default", "web", new Fact.NotSimulated("app", "a <script> & \"quotes\" \u0001"));
        // then
        assertThat(texts(parse(empty), "//*[local-name()='summary']")).isEmpty();
        assertThat(drawn(parse(timeline.html()), "default/web/actions")).containsExactly(
                "mark 00:00:00 x1 | 00:00:00  a <script> & \"quotes\" \ufffd");
        // what Peapod did not simulate is also listed above the picture, where it cannot be missed
        assertThat(texts(parse(timeline.html()), "//*[@data-not-simulated]")).containsExactly(
                "Not simulated by Peapod in this test, and the API server's warnings:00:00:00  [default/web]  a <script> & \"quotes\" \ufffd");
    }

    static Document parse(String html) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(false);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> all(Document page, String xpath) throws Exception {
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(xpath, page, XPathConstants.NODESET);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static List<String> lanes(Document page) throws Exception {
        return all(page, "//*[@data-lane]").stream().map(e -> e.getAttribute("data-lane")).toList();
    }

    /** Each element drawn on a lane: class, instant, count if folded, and its tooltip. */
    static List<String> drawn(Document page, String lane) throws Exception {
        return all(page, "//*[@data-lane='" + lane + "']/*[@data-at]").stream()
                .map(e -> e.getAttribute("class") + " " + e.getAttribute("data-at")
                        + (e.getAttribute("data-count").isEmpty() ? "" : " x" + e.getAttribute("data-count"))
                        + " | " + e.getTextContent().replaceAll("\\([0-9a-f-]{36}\\)", "(UID)"))
                .toList();
    }

    static List<String> texts(Document page, String xpath) throws Exception {
        return all(page, xpath).stream().map(Element::getTextContent).toList();
    }
}
