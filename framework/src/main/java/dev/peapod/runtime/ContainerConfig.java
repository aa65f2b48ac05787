package dev.peapod.runtime;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import org.apiguardian.api.API;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * What the kubelet asks the runtime to create, as the CRI's {@code ContainerConfig} carries it
 * (kuberuntime_container.go generateContainerConfig): the command and args with {@code $(VAR)}
 * already expanded, the final environment, the mounts and the working directory. The image's
 * entrypoint and cmd are the runtime's to add.
 *
 * @param spec the container as the pod declares it (its name, image, ports and probes)
 * @param env  the environment in the kubelet's order
 */
@API(status = INTERNAL, since = "0.1")
public record ContainerConfig(Container spec, List<String> command, List<String> args, Map<String, String> env,
                              List<Mount> mounts, String workingDir) {
    public ContainerConfig {
        Objects.requireNonNull(spec, "spec");
        command = List.copyOf(command);
        args = List.copyOf(args);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        mounts = List.copyOf(mounts);
        workingDir = workingDir == null ? "" : workingDir;
    }

    /**
     * The container as declared, with no mounts: command and args as written, env from the literal
     * values. For a runtime used without a kubelet.
     */
    public static ContainerConfig of(Container spec) {
        Map<String, String> env = new LinkedHashMap<>();
        if (spec.getEnv() != null) {
            for (EnvVar var : spec.getEnv()) {
                if (var.getValue() != null) {
                    env.put(var.getName(), var.getValue());
                }
            }
        }
        return new ContainerConfig(spec, orEmpty(spec.getCommand()), orEmpty(spec.getArgs()), env, List.of(), spec.getWorkingDir());
    }

    /** Command then args: what runs when the image adds nothing. */
    public List<String> commandLine() {
        List<String> line = new ArrayList<>(command);
        line.addAll(args);
        return line;
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
