package dev.peapod.examples;

import dev.peapod.FakeCluster;
import dev.peapod.junit.PeapodTest;
import dev.peapod.runtime.ExecOutput;
import org.junit.jupiter.api.Test;

import static dev.peapod.assertions.PeapodAssertions.assertThat;
import static java.time.Duration.ofSeconds;

/**
 * Manifests from the Kubernetes documentation, applied as the docs write them (manifests/docs/; each
 * file says where it comes from and what, if anything, differs), with no scripting: each gives the
 * results the docs print. The docs' exec-liveness pod ({@code touch /tmp/healthy; sleep 30; rm -f
 * /tmp/healthy; sleep 600}) is {@link ShellExampleTest#theDocsExecLivenessPodRestartsWithNoScripting},
 * with its restart instants and 137s.
 */
@PeapodTest
class ManifestsMeanWhatTheySayExampleTest {

    @Test
    void theInitContainersPageIsServedByNginx(FakeCluster cluster) {
        // given: the init container writes index.html into the emptyDir (with sh -c: the docs' wget
        // fetches http://info.cern.ch, which Peapod never reaches), then nginx serves that directory
        cluster.applyResource("manifests/docs/init-containers.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: `kubectl exec init-demo -c nginx -- curl localhost`, as the docs do it (nginx's image has curl)
        assertThat(cluster).pod("init-demo").isRunning().showsInKubectl("1/1", "Running", "0");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("init-demo", "nginx").exec("curl", "localhost"))
                .isEqualTo(new ExecOutput(0, "<html><body>http://info.cern.ch - home of the first website</body></html>\n", ""));
        org.assertj.core.api.Assertions.assertThat(cluster.timeline().containerHistory("default", "init-demo", "install").exitedAt())
                .containsExactly(ofSeconds(0));
        assertThat(cluster).pod("init-demo").container("install").isTerminated(0, "Completed");
    }

    @Test
    void theDebianContainerWritesThePageNginxServesAndCompletes(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/two-container-pod.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: as the docs' `kubectl get pod two-containers --output=yaml` and `curl localhost` show
        assertThat(cluster).pod("two-containers").isRunning().showsInKubectl("1/2", "NotReady", "0")
                .container("debian-container").isTerminated(0, "Completed");
        assertThat(cluster).pod("two-containers").container("nginx-container").isRunning();
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("two-containers", "nginx-container").exec("curl", "localhost"))
                .isEqualTo(new ExecOutput(0, "Hello from the debian container\n", ""));
    }

    @Test
    void theProjectedSecretsAndTheServiceAccountToken(FakeCluster cluster) {
        // given: the Secrets user and pass, made from the docs' username.txt and password.txt
        cluster.applyResource("manifests/docs/projected.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: `kubectl exec -it test-projected-volume -- ls /projected-volume/` (one name a line: no tty here)
        var c = cluster.inContainer("test-projected-volume", "test-projected-volume");
        org.assertj.core.api.Assertions.assertThat(c.exec("ls", "/projected-volume/"))
                .isEqualTo(new ExecOutput(0, "password.txt\nusername.txt\n", ""));
        org.assertj.core.api.Assertions.assertThat(c.file("/projected-volume/username.txt")).isEqualTo("admin");
        org.assertj.core.api.Assertions.assertThat(c.file("/projected-volume/password.txt")).isEqualTo("1f2d1e2e67df");
        // the ServiceAccount admission plugin's kube-api-access volume
        org.assertj.core.api.Assertions.assertThat(c.exec("ls", "/var/run/secrets/kubernetes.io/serviceaccount"))
                .isEqualTo(new ExecOutput(0, "ca.crt\nnamespace\ntoken\n", ""));
        org.assertj.core.api.Assertions.assertThat(c.file("/var/run/secrets/kubernetes.io/serviceaccount/namespace")).isEqualTo("default");
    }

    @Test
    void theGameConfigMapsKeysAreFilesByteForByte(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/configmap-game-config.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: the docs' `ls /etc/config/` and the ui.properties key projected to the path keys
        assertThat(cluster).pod("dapi-test-pod").hasSucceeded().container("test-container").isTerminated(0, "Completed");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("dapi-test-pod", "test-container").logs())
                .isEqualTo("game.properties\nui.properties\n");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("dapi-test-pod-keys", "test-container").logs()).isEqualTo("""
                color.good=purple
                color.bad=yellow
                allow.textmode=true
                how.nice.to.look=fairlyNice
                """);
    }

    @Test
    void theDownwardApiLabelsFile(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/dapi-volume.yaml");
        // when: the loop has run at 0 and 5 s
        cluster.advance(ofSeconds(6));
        // then: one k="v" a line, sorted, with no newline at the end (pkg/fieldpath/fieldpath.go FormatMap);
        // the annotations file starts with the pod's own two (the kubelet's follow them: see the next test)
        var c = cluster.inContainer("kubernetes-downwardapi-volume-example", "client-container");
        org.assertj.core.api.Assertions.assertThat(c.file("/etc/podinfo/labels"))
                .isEqualTo("cluster=\"test-cluster1\"\nrack=\"rack-22\"\nzone=\"us-est-coast\"");
        org.assertj.core.api.Assertions.assertThat(c.file("/etc/podinfo/annotations")).startsWith("build=\"two\"\nbuilder=\"john-doe\"");
        org.assertj.core.api.Assertions.assertThat(c.logs()).startsWith("""


                cluster="test-cluster1"
                rack="rack-22"
                zone="us-est-coast"

                build="two"
                builder="john-doe"
                """);
    }

    @Test
    void theDownwardApiAnnotationsFileAndLogLines(FakeCluster cluster) {
        // given: the kubelet adds kubernetes.io/config.source="api" and config.seen to its copy of every pod
        // (pkg/kubelet/config/config.go), which fieldRef metadata.annotations reads; the docs' printed log
        // leaves them out. config.seen is time.Now() formatted RFC3339Nano (pkg/kubelet/types/types.go
        // Timestamp.GetString), here the cluster's start, when the kubelet first saw the pod. `kubectl apply`
        // also stores kubectl.kubernetes.io/last-applied-configuration, which Peapod's apply does not:
        // this expects the file `kubectl create -f` gives
        cluster.applyResource("manifests/docs/dapi-volume.yaml");
        // when
        cluster.advance(ofSeconds(6));
        // then
        var c = cluster.inContainer("kubernetes-downwardapi-volume-example", "client-container");
        org.assertj.core.api.Assertions.assertThat(c.file("/etc/podinfo/annotations")).isEqualTo(
                "build=\"two\"\nbuilder=\"john-doe\"\nkubernetes.io/config.seen=\"2025-01-01T00:00:00Z\"\nkubernetes.io/config.source=\"api\"");
        // the runtime writes a log line when its newline comes (containerd's CRI logger reads lines), so
        // the 5 s turn's last line waits for the next turn's echo -en '\n\n'
        org.assertj.core.api.Assertions.assertThat(c.logs()).isEqualTo("""


                cluster="test-cluster1"
                rack="rack-22"
                zone="us-est-coast"

                build="two"
                builder="john-doe"
                kubernetes.io/config.seen="2025-01-01T00:00:00Z"
                kubernetes.io/config.source="api"

                cluster="test-cluster1"
                rack="rack-22"
                zone="us-est-coast"

                build="two"
                builder="john-doe"
                kubernetes.io/config.seen="2025-01-01T00:00:00Z"
                """);
    }

    @Test
    void hostAliasesInEtcHosts(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/hostaliases-pod.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: `kubectl logs hostaliases-pod`, tab-separated, in the kubelet's format (kubelet_pods.go
        // managedHostsFileContent, v1.33): it has the ip6-allnodes and ip6-allrouters lines, which the
        // docs' printed output (from an older kubelet) lacks; then the pod's IP and name, and one line per alias IP
        assertThat(cluster).pod("hostaliases-pod").hasSucceeded().container("cat-hosts").isTerminated(0, "Completed");
        org.assertj.core.api.Assertions.assertThat(cluster.pod("hostaliases-pod").getStatus().getPodIP()).isEqualTo("10.244.1.2");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("hostaliases-pod", "cat-hosts").logs()).isEqualTo(
                "# Kubernetes-managed hosts file.\n"
                        + "127.0.0.1\tlocalhost\n"
                        + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                        + "fe00::0\tip6-localnet\n"
                        + "fe00::0\tip6-mcastprefix\n"
                        + "fe00::1\tip6-allnodes\n"
                        + "fe00::2\tip6-allrouters\n"
                        + "10.244.1.2\thostaliases-pod\n"
                        + "\n"
                        + "# Entries added by HostAliases.\n"
                        + "127.0.0.1\tfoo.local\tbar.local\n"
                        + "10.1.2.3\tfoo.remote\tbar.remote\n");
    }

    @Test
    void shareProcessNamespaceWithPsAx(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/share-process-namespace.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: the docs' table. PIDs differ from a real cluster: there nginx's master is 8, its worker
        // 14, sh 15 and ps 21 (the runtime's and nginx's own forks use PIDs between), where Peapod hands
        // them out in turn; the docs run ps from `kubectl attach` to the shell, here it is `kubectl exec`.
        // /pause runs as 65535, the pause image's USER since pause 3.2 (kind's v1.33 nodes run 3.10); the
        // seeds' older clusters show root
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("nginx", "shell").exec("ps", "ax")).isEqualTo(new ExecOutput(0, """
                PID   USER     TIME  COMMAND
                    1 65535     0:00 /pause
                    2 root      0:00 nginx: master process nginx -g daemon off;
                    3 101       0:00 nginx: worker process
                    4 root      0:00 sh
                    5 root      0:00 ps ax
                """, ""));
    }

    @Test
    void dependentEnvironmentVariables(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/dependent-envars.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: the docs' `kubectl logs dependent-envars-demo`: PROTOCOL is declared after
        // UNCHANGED_REFERENCE, so it stays literal there; $$ escapes
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("dependent-envars-demo", "dependent-envars-demo").logs()).isEqualTo("""

                UNCHANGED_REFERENCE=$(PROTOCOL)://172.17.0.1:80
                SERVICE_ADDRESS=https://172.17.0.1:80
                ESCAPED_REFERENCE=$(PROTOCOL)://172.17.0.1:80
                """);
    }

    @Test
    void anEnvironmentVariableInArgs(FakeCluster cluster) {
        // given
        cluster.applyResource("manifests/docs/command-env-args.yaml");
        // when
        cluster.advance(ofSeconds(1));
        // then: /bin/echo printed $(MESSAGE) as the kubelet expanded it, and exited 0
        assertThat(cluster).pod("command-demo").hasSucceeded().container("command-demo-container").isTerminated(0, "Completed");
        org.assertj.core.api.Assertions.assertThat(cluster.inContainer("command-demo", "command-demo-container").logs())
                .isEqualTo("hello world\n");
    }
}
