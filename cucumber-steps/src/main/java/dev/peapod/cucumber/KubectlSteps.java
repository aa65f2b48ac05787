package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;
import io.cucumber.java.en.Then;
import io.cucumber.java.en.When;
import org.apiguardian.api.API;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * kubectl command lines, run through the cluster's HTTP API as kubectl v1.20 runs them, and what they print:
 * {@code When I run "kubectl get pods -o wide"}, then {@code Then the output is:}. No program runs on the host.
 * The commands and flags taken are {@code get} ({@code -o wide|name|yaml|json}, {@code -l}, {@code -A}, {@code --show-labels},
 * {@code -w}/{@code --watch-only} for a time), {@code apply -f} ({@code --server-side}), {@code label}, {@code annotate}
 * ({@code --overwrite}), {@code patch} ({@code -p}, {@code --type}), {@code scale --replicas}, {@code delete} ({@code -l},
 * {@code --wait}, {@code --grace-period}, {@code --force}), {@code logs} ({@code -c}, {@code -p/--previous}, {@code --tail},
 * {@code -f} for a time), {@code describe pod|deployment}, {@code wait} ({@code --for}, {@code --timeout}) and {@code rollout status}
 * ({@code --timeout}), each with {@code -n} (also before the verb); any other is refused by name.
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public class KubectlSteps {
    private final PeapodWorld world;
    /** What the last command printed; null before the first. */
    private KubectlResult last;

    public KubectlSteps(PeapodWorld world) {
        this.world = world;
    }

    /**
     * Runs the command and fails the step if kubectl would exit non-zero (with what it printed); write
     * {@code I try to run} for a command that is meant to fail. {@code kubectl delete} waits, as kubectl does, until
     * the objects have gone: virtual time passes meanwhile.
     */
    @When("^I run \"(.*)\"$")
    public void iRun(String command) {
        KubectlResult result = run(command);
        if (result.failed()) {
            throw new AssertionError(result.describe() + "(a command meant to fail is written \"When I try to run ...\", "
                    + "then \"Then the command fails with:\")");
        }
    }

    /**
     * Runs a watching command ({@code kubectl get pods -w}, {@code --watch-only}) while the cluster's virtual time
     * passes, as long as given, then stops it as Ctrl-C would: what it printed is the table, then a row per change.
     */
    @When("^I run \"(.*)\" for (\\d+) ?(seconds?|s|minutes?|m|hours?|h)$")
    public void iRunFor(String command, String amount, String unit) {
        last = Kubectl.run(world.cluster(), world.cluster().namespace(), KubectlSteps::read, command,
                new ParameterTypes(world).duration(amount, unit));
        if (last.failed()) {
            throw new AssertionError(last.describe());
        }
    }

    /** Runs the command, failing or not; a later step checks what it printed. */
    @When("^I try to run \"(.*)\"$")
    public void iTryToRun(String command) {
        run(command);
    }

    /**
     * Exactly what the last command printed, standard output and error as a terminal shows them; each line ends in a
     * newline.
     */
    @Then("the output is:")
    public void theOutputIs(String expected) {
        KubectlResult result = last();
        assertThat(result.output()).as("the output of \"%s\" (exit code %s)", result.command(), result.exitCode())
                .isEqualTo(lines(expected));
    }

    /** What the last command printed contains the text. */
    @Then("the output contains {string}")
    public void theOutputContains(String text) {
        KubectlResult result = last();
        assertThat(result.output()).as("the output of \"%s\" (exit code %s)", result.command(), result.exitCode())
                .contains(text);
    }

    /** The last command failed (exit code 1) and printed exactly this on its standard error. */
    @Then("the command fails with:")
    public void theCommandFailsWith(String expected) {
        KubectlResult result = last();
        if (!result.failed()) {
            throw new AssertionError("Expecting \"" + result.command() + "\" to fail, but it succeeded and printed:\n"
                    + (result.output().isEmpty() ? "(nothing)" : result.output()));
        }
        assertThat(result.stderr()).as("the error of \"%s\"", result.command()).isEqualTo(lines(expected));
    }

    private KubectlResult run(String command) {
        last = Kubectl.run(world.cluster(), world.cluster().namespace(), KubectlSteps::read, command);
        return last;
    }

    private KubectlResult last() {
        if (last == null) {
            throw new PeapodException("no kubectl command has run in this scenario: write \"When I run \\\"kubectl ...\\\"\" first");
        }
        return last;
    }

    /** A doc string as printed text: each line ends in a newline; an empty doc string is no output. */
    static String lines(String docString) {
        return docString.isEmpty() ? "" : docString + "\n";
    }

    /**
     * {@code -f}'s manifest: a classpath resource, else a file relative to the working directory (as the apply
     * steps).
     */
    static String read(String location) {
        try (InputStream resource = Thread.currentThread().getContextClassLoader().getResourceAsStream(location)) {
            if (resource != null) {
                return new String(resource.readAllBytes(), StandardCharsets.UTF_8);
            }
            Path file = Path.of(location);
            if (Files.isDirectory(file)) {
                throw new PeapodException("kubectl apply -f " + location + ": Peapod's kubectl steps apply one file; "
                        + "run one command per file");
            }
            if (!Files.exists(file)) {
                throw new Kubectl.Failure("error: the path \"" + location + "\" does not exist");
            }
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
