package dev.peapod.runtime.images;

import dev.peapod.runtime.ProcessContext;
import dev.peapod.runtime.Program;
import dev.peapod.runtime.shell.ShellProgram;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The agnhost image's programs ({@code /agnhost SUBCOMMAND --flags}, kubernetes:
 * test/images/agnhost/agnhost.go): pause, liveness, netexec, test-webserver, serve-hostname and
 * grpc-health-checking; its other subcommands are not simulated (empty: the caller falls back).
 * The image is built on alpine with bash, so shell command lines run in Peapod's shell.
 */
final class Agnhost {
    private Agnhost() {
    }

    static Optional<Program> program(Launch launch) {
        if (!Set.of("agnhost", "agnhost-2").contains(launch.executable())) {
            return Shells.program(launch);
        }
        List<String> line = launch.commandLine();
        if (line.size() < 2) {
            return Optional.empty(); // cobra prints the help and exits 0: not simulated
        }
        List<String> args = line.subList(2, line.size());
        ShellProgram shell = Shells.forExec(launch);
        return switch (line.get(1)) {
            case "pause" -> withFlags(noFlags(args), flags -> new AgnhostPause(shell));
            case "liveness" -> withFlags(noFlags(args), flags -> new Liveness(shell));
            case "netexec" -> withFlags(Netexec.flags(args), flags -> new Netexec(flags, launch.hostname(), shell));
            case "test-webserver" -> withFlags(TestWebserver.flags(args), flags -> new TestWebserver(flags.integer("port"), shell));
            case "serve-hostname" -> withFlags(ServeHostname.flags(args), flags -> serveHostname(flags, launch, shell));
            case "grpc-health-checking" -> withFlags(GrpcHealthChecking.flags(args), flags -> new GrpcHealthChecking(flags, shell));
            default -> Optional.empty();
        };
    }

    private static CobraFlags noFlags(List<String> args) {
        return CobraFlags.parse(args, Map.of(), Set.of(), Set.of());
    }

    private static Optional<Program> withFlags(CobraFlags flags, Function<CobraFlags, Program> server) {
        return Optional.of(flags.error().<Program>map(Failing::cobra).orElseGet(() -> server.apply(flags)));
    }

    private static Program serveHostname(CobraFlags flags, Launch launch, ShellProgram shell) {
        boolean http = flags.bool("http");
        if (http && (flags.bool("tcp") || flags.bool("udp"))) {
            // log.Fatalf: the message on stderr, exit 1
            return new StartFatal("Can't server TCP/UDP mode and HTTP mode at the same time");
        }
        return new ServeHostname(flags.integer("port"), http, flags.bool("tcp"), launch.hostname(), shell);
    }

    /** A Go program whose main calls log.Fatalf before it serves: the logged line, exit 1. */
    private static final class StartFatal implements Program {
        private final String message;

        StartFatal(String message) {
            this.message = message;
        }

        @Override
        public void onStart(ProcessContext process) {
            GoServer.log(process, message);
            process.exit(1);
        }
    }
}
