package dev.peapod.runtime;

import org.apiguardian.api.API;

import java.util.List;

import static org.apiguardian.api.API.Status.INTERNAL;

/** What a request reaches in a container: an HTTP path, a TCP port, a gRPC service, an exec command. */
@API(status = INTERNAL, since = "0.1")
public record Endpoint(Kind kind, int port, String path, List<String> command) {
    public enum Kind { HTTP, TCP, GRPC, EXEC }

    public static Endpoint http(int port, String path) {
        return new Endpoint(Kind.HTTP, port, ContainerBehaviour.path(path), List.of());
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
    boolean covers(Endpoint request) {
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
}
