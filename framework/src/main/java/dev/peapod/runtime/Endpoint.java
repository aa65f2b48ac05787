package dev.peapod.runtime;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/** What a request reaches in a container: an HTTP path, a TCP port, a gRPC service, an exec command. */
@API(status = EXPERIMENTAL, since = "0.1")
public record Endpoint(Kind kind, int port, String path, List<String> command) {
    public enum Kind { HTTP, TCP, GRPC, EXEC }

    public static Endpoint http(int port, String path) {
        return new Endpoint(Kind.HTTP, port, path(path), List.of());
    }

    public static Endpoint tcp(int port) {
        return new Endpoint(Kind.TCP, port, "", List.of());
    }

    public static Endpoint grpc(int port, String service) {
        return new Endpoint(Kind.GRPC, port, service == null ? "" : service, List.of());
    }

    public static Endpoint exec(List<String> command) {
        return new Endpoint(Kind.EXEC, 0, "", List.copyOf(command));
    }

    /** An HTTP rule for a path matches that path with any query; TCP rules match HTTP and gRPC on the port. */
    public boolean covers(Endpoint request) {
        if (kind == Kind.TCP) {
            return request.kind != Kind.EXEC && request.port == port;
        }
        if (kind != request.kind) {
            return false;
        }
        return switch (kind) {
            case HTTP -> port == request.port && stripQuery(request.path).equals(stripQuery(path));
            case GRPC -> port == request.port && (path.isEmpty() || path.equals(request.path));
            case EXEC -> command.equals(request.command);
            case TCP -> true;
        };
    }

    private static String stripQuery(String path) {
        int q = path.indexOf('?');
        return q < 0 ? path : path.substring(0, q);
    }

    /** A probe port: a number, or the name of one of the container's ports; -1 when neither. */
    public static int port(IntOrString port, Container container) {
        if (port == null) {
            throw new PeapodException("the probe has no port");
        }
        if (port.getIntVal() != null) {
            return port.getIntVal();
        }
        for (ContainerPort declared : container.getPorts() == null ? List.<ContainerPort>of() : container.getPorts()) {
            if (port.getStrVal().equals(declared.getName())) {
                return declared.getContainerPort();
            }
        }
        try {
            return Integer.parseInt(port.getStrVal()); // pkg/probe/util.go: "maybe it was an int stored as string"
        } catch (NumberFormatException e) {
            return -1; // the prober errors: strconv.Atoi: parsing "<name>": invalid syntax
        }
    }

    /** An httpGet path as the prober requests it: "/" when empty, always with a leading slash. */
    public static String path(String path) {
        if (path == null || path.isEmpty()) {
            return "/";
        }
        return path.startsWith("/") ? path : "/" + path;
    }
}
