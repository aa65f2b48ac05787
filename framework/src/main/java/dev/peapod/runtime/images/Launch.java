package dev.peapod.runtime.images;

import dev.peapod.runtime.shell.Network;
import org.apiguardian.api.API;

import java.util.List;
import java.util.Objects;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What starts in a container: the image as the pod names it ({@code nginx:1.27}), the command line
 * the runtime runs (the image's entrypoint and cmd already applied, see
 * {@link ImageProfile#effectiveCommandLine}), the pod's hostname (its name) and the network
 * {@code wget}/{@code curl} reach.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record Launch(String image, List<String> commandLine, String hostname, Network network) {
    public Launch {
        Objects.requireNonNull(image, "image");
        commandLine = List.copyOf(commandLine);
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(network, "network");
    }

    /** The executable's file name, without its directory ({@code /agnhost} is {@code agnhost}); empty for an empty line. */
    public String executable() {
        if (commandLine.isEmpty()) {
            return "";
        }
        String first = commandLine.get(0);
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /** The same launch with another command line (a wrapper such as {@code /docker-entrypoint.sh} that execs its arguments). */
    public Launch withCommandLine(List<String> line) {
        return new Launch(image, line, hostname, network);
    }
}
