package dev.peapod.cucumber;

import dev.peapod.ContainerView;
import dev.peapod.core.PeapodException;
import dev.peapod.runtime.ExecOutput;
import io.cucumber.java.en.Then;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What is inside a container: its files, a command run in it as {@code kubectl exec} runs it (in
 * virtual time), and its logs as {@code kubectl logs [--previous]} prints them. A doc string is the
 * text expected, each of its lines ending in a newline, as a text file or a log ends; an empty doc
 * string means nothing at all.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class ContainerSteps {
    private final PeapodWorld world;

    public ContainerSteps(PeapodWorld world) {
        this.world = world;
    }

    /** The file's exact bytes, in the container's own files: each doc-string line ends in a newline. */
    @Then("file {string} in container {string} of pod {pod} contains:")
    public void fileContains(String path, String container, PodName pod, String expected) {
        world.pod(pod).container(container).hasFile(path).withContent(text(expected));
    }

    /** The file holds this text somewhere, in the container's own files (a line of a config file, say). */
    @Then("file {string} in container {string} of pod {pod} includes {string}")
    public void fileIncludes(String path, String container, PodName pod, String text) {
        world.pod(pod).container(container).hasFile(path).includes(text);
    }

    /**
     * {@code kubectl exec} in virtual time: stdout, exactly; the command's words are split as a shell splits them
     * ({@code "sh -c 'ls -la /data'"}).
     */
    @Then("running {string} in container {string} of pod {pod} prints:")
    public void runningPrints(String command, String container, PodName pod, String expected) {
        ExecOutput output = exec(command, container, pod);
        assertThat(output.stdout()).as("the output of \"%s\" in container \"%s\" of pod %s (exit code %s, stderr %s)",
                command, container, pod, output.exitCode(), quote(output.stderr())).isEqualTo(text(expected));
    }

    /** {@code kubectl exec} in virtual time: the command's exit code. */
    @Then("running {string} in container {string} of pod {pod} exits with {int}")
    public void runningExitsWith(String command, String container, PodName pod, int exitCode) {
        ExecOutput output = exec(command, container, pod);
        assertThat(output.exitCode()).as("the exit code of \"%s\" in container \"%s\" of pod %s (stdout %s, stderr %s)",
                command, container, pod, quote(output.stdout()), quote(output.stderr())).isEqualTo(exitCode);
    }

    /** {@code kubectl logs}: the current run's stdout and stderr, exactly. */
    @Then("the logs of container {string} of pod {pod} show:")
    public void logsShow(String container, PodName pod, String expected) {
        assertThat(view(container, pod).logs()).as("kubectl logs %s -c %s", pod, container).isEqualTo(text(expected));
    }

    /** {@code kubectl logs --previous}: the previous run's output, exactly. */
    @Then("the previous logs of container {string} of pod {pod} show:")
    public void previousLogsShow(String container, PodName pod, String expected) {
        assertThat(view(container, pod).previousLogs()).as("kubectl logs --previous %s -c %s", pod, container)
                .isEqualTo(text(expected));
    }

    private ExecOutput exec(String command, String container, PodName pod) {
        return view(container, pod).exec(words(command).toArray(String[]::new));
    }

    private ContainerView view(String container, PodName pod) {
        return world.cluster().inContainer(world.namespaceOf(pod), pod.name(), container);
    }

    /** A doc string's lines, each ending in a newline; an empty one is nothing. */
    static String text(String docString) {
        return docString.isEmpty() ? "" : docString + "\n";
    }

    /**
     * The words of a command line as a shell splits them, for {@code kubectl exec -- <words>}: spaces
     * separate words, single and double quotes keep spaces in one ({@code sh -c 'ls -la /data'}).
     */
    static List<String> words(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : command.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (c == ' ') {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new PeapodException("the command \"" + command + "\" has an unclosed " + quote + " quote");
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new PeapodException("running \"\": the step needs a command, e.g. running \"ls -la /data\"");
        }
        return words;
    }

    private static String quote(String text) {
        return "\"" + text.replace("\n", "\\n") + "\"";
    }
}
