package dev.peapod.kubectl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.BDDAssertions.then;

/** The order in which {@link KubectlLookup} looks, on files made for the test (nothing is run). */
class KubectlLookupTest {
    @TempDir
    Path dir;

    @Test
    void theConfigurationParameterComesBeforeTheVariableAndTheVariableBeforeCacheAndPath() throws IOException {
        // given
        Path parameter = executable("parameter/kubectl");
        Path variable = executable("variable/kubectl");
        executable("cache/peapod/kubernetes-client/usr/bin/kubectl");
        executable("bin/kubectl");
        Map<String, String> env = Map.of("PEAPOD_KUBECTL", variable.toString(), "XDG_CACHE_HOME", dir.resolve("cache").toString(),
                "PATH", dir.resolve("bin").toString());
        // when / then
        then(KubectlLookup.find(Optional.of(parameter.toString()), env))
                .isEqualTo(new KubectlLookup.Found(parameter, "peapod.kubectl"));
        then(KubectlLookup.find(Optional.empty(), env)).isEqualTo(new KubectlLookup.Found(variable, "PEAPOD_KUBECTL"));
    }

    @Test
    void theCacheFolderOfCiRunComesBeforePath() throws IOException {
        // given
        Path cached = executable("cache/peapod/kubernetes-client/usr/bin/kubectl");
        Path onPath = executable("bin/kubectl");
        // when / then
        then(KubectlLookup.find(Optional.empty(), Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString(),
                "PATH", dir.resolve("bin").toString())))
                .isEqualTo(new KubectlLookup.Found(cached, "the .ci/run cache folder"));
        then(KubectlLookup.find(Optional.empty(), Map.of("HOME", dir.resolve("home").toString(),
                "PATH", dir.resolve("empty") + ":" + dir.resolve("bin"))))
                .isEqualTo(new KubectlLookup.Found(onPath, "PATH"));
    }

    @Test
    void withoutXdgCacheHomeTheCacheFolderIsUnderHome() throws IOException {
        // given
        Path cached = executable("home/.cache/peapod/kubernetes-client/usr/bin/kubectl");
        // when / then
        then(KubectlLookup.find(Optional.empty(), Map.of("HOME", dir.resolve("home").toString(), "PATH", "")))
                .isEqualTo(new KubectlLookup.Found(cached, "the .ci/run cache folder"));
    }

    @Test
    void aGivenPathThatIsNotAnExecutableFileIsMissingAndDoesNotFallBackToPath() throws IOException {
        // given
        Path notExecutable = Files.createFile(dir.resolve("kubectl"));
        executable("bin/kubectl");
        Map<String, String> env = Map.of("PEAPOD_KUBECTL", notExecutable.toString(), "PATH", dir.resolve("bin").toString());
        // when / then
        then(KubectlLookup.find(Optional.empty(), env))
                .isEqualTo(new KubectlLookup.Missing("PEAPOD_KUBECTL=" + notExecutable + " is not an executable file"));
        then(KubectlLookup.find(Optional.of("/nonexistent/kubectl"), env))
                .isEqualTo(new KubectlLookup.Missing("peapod.kubectl=/nonexistent/kubectl is not an executable file"));
    }

    @Test
    void noKubectlAnywhereSaysWhereItLookedAndWhatToDo() {
        // given
        Map<String, String> env = Map.of("HOME", "/nonexistent-home", "PATH", dir + ":" + dir.resolve("bin"));
        // when / then
        then(KubectlLookup.find(Optional.empty(), env)).isEqualTo(new KubectlLookup.Missing(
                "no kubectl: PEAPOD_KUBECTL is not set, none at /nonexistent-home/.cache/peapod/kubernetes-client/usr/bin/"
                        + "kubectl, none on PATH (" + dir + ":" + dir.resolve("bin") + "); run .ci/run once to unpack "
                        + "Debian's kubernetes-client, or set PEAPOD_KUBECTL"));
    }

    private Path executable(String relative) throws IOException {
        Path path = dir.resolve(relative);
        Files.createDirectories(path.getParent());
        return Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    }
}
