package dev.peapod.admission;

import io.fabric8.kubernetes.api.model.ExecAction;
import io.fabric8.kubernetes.api.model.GRPCAction;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Lifecycle;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SleepAction;
import io.fabric8.kubernetes.api.model.TCPSocketAction;

import java.util.ArrayList;
import java.util.List;

import static dev.peapod.admission.PodDefaults.nonNull;

/**
 * Probe and lifecycle-hook validation of pkg/apis/core/validation/validation.go (v1.33):
 * validateLivenessProbe, validateReadinessProbe, validateStartupProbe, validateProbe,
 * validateHandler and validateLifecycle, with upstream's messages and field paths.
 */
final class ProbeValidation {
    static final String NEGATIVE = "must be greater than or equal to 0";

    private ProbeValidation() {
    }

    /** A handler type and its validation, in the order validateHandler tries them. */
    private record Handler(String field, Object action, Runnable validate) {
    }

    static void liveness(Probe probe, Long gracePeriod, FieldPath path, Errors errs) {
        if (probe == null) {
            return;
        }
        probe(probe, gracePeriod, path, errs);
        mustBeOne(probe, path, errs);
    }

    static void readiness(Probe probe, Long gracePeriod, FieldPath path, Errors errs) {
        if (probe == null) {
            return;
        }
        probe(probe, gracePeriod, path, errs);
        if (probe.getTerminationGracePeriodSeconds() != null) {
            errs.invalid(path.child("terminationGracePeriodSeconds"), probe.getTerminationGracePeriodSeconds(),
                    "must not be set for readinessProbes");
        }
    }

    static void startup(Probe probe, Long gracePeriod, FieldPath path, Errors errs) {
        liveness(probe, gracePeriod, path, errs);
    }

    /** Liveness and startup probes end at the first success, so more than one is meaningless. */
    private static void mustBeOne(Probe probe, FieldPath path, Errors errs) {
        int success = intValue(probe.getSuccessThreshold());
        if (success != 1) {
            errs.invalid(path.child("successThreshold"), success, "must be 1");
        }
    }

    private static void probe(Probe probe, Long gracePeriod, FieldPath path, Errors errs) {
        List<Handler> handlers = new ArrayList<>();
        handlers.add(new Handler("exec", probe.getExec(), () -> exec(probe.getExec(), path.child("exec"), errs)));
        handlers.add(new Handler("httpGet", probe.getHttpGet(), () -> httpGet(probe.getHttpGet(), path.child("httpGet"), errs)));
        handlers.add(new Handler("tcpSocket", probe.getTcpSocket(), () -> tcpSocket(probe.getTcpSocket(), path.child("tcpSocket"), errs)));
        handlers.add(new Handler("grpc", probe.getGrpc(), () -> grpc(probe.getGrpc(), path.child("grpc"), errs)));
        handler(handlers, path, errs);
        nonNegative(probe.getInitialDelaySeconds(), path.child("initialDelaySeconds"), errs);
        nonNegative(probe.getTimeoutSeconds(), path.child("timeoutSeconds"), errs);
        nonNegative(probe.getPeriodSeconds(), path.child("periodSeconds"), errs);
        nonNegative(probe.getSuccessThreshold(), path.child("successThreshold"), errs);
        nonNegative(probe.getFailureThreshold(), path.child("failureThreshold"), errs);
        Long grace = probe.getTerminationGracePeriodSeconds();
        if (grace != null && grace <= 0) {
            errs.invalid(path.child("terminationGracePeriodSeconds"), grace, "must be greater than 0");
        }
    }

    static void lifecycle(Lifecycle lifecycle, Long gracePeriod, FieldPath path, Errors errs) {
        if (lifecycle.getPostStart() != null) {
            lifecycleHandler(lifecycle.getPostStart(), gracePeriod, path.child("postStart"), errs);
        }
        if (lifecycle.getPreStop() != null) {
            lifecycleHandler(lifecycle.getPreStop(), gracePeriod, path.child("preStop"), errs);
        }
    }

    private static void lifecycleHandler(LifecycleHandler h, Long gracePeriod, FieldPath path, Errors errs) {
        List<Handler> handlers = new ArrayList<>();
        handlers.add(new Handler("exec", h.getExec(), () -> exec(h.getExec(), path.child("exec"), errs)));
        handlers.add(new Handler("httpGet", h.getHttpGet(), () -> httpGet(h.getHttpGet(), path.child("httpGet"), errs)));
        handlers.add(new Handler("tcpSocket", h.getTcpSocket(), () -> tcpSocket(h.getTcpSocket(), path.child("tcpSocket"), errs)));
        handlers.add(new Handler("sleep", h.getSleep(), () -> sleep(h.getSleep(), gracePeriod, path.child("sleep"), errs)));
        handler(handlers, path, errs);
    }

    /** validateHandler: the first handler set is validated, any later one is forbidden, none is required. */
    private static void handler(List<Handler> handlers, FieldPath path, Errors errs) {
        int count = 0;
        for (Handler handler : handlers) {
            if (handler.action() == null) {
                continue;
            }
            if (count > 0) {
                errs.forbidden(path.child(handler.field()), "may not specify more than 1 handler type");
            } else {
                count++;
                handler.validate().run();
            }
        }
        if (count == 0) {
            errs.required(path, "must specify a handler type");
        }
    }

    private static void exec(ExecAction exec, FieldPath path, Errors errs) {
        if (nonNull(exec.getCommand()).isEmpty()) {
            errs.required(path.child("command"), "");
        }
    }

    private static void httpGet(HTTPGetAction http, FieldPath path, Errors errs) {
        if (PodDefaults.empty(http.getPath())) {
            errs.required(path.child("path"), "");
        }
        portNumOrName(http.getPort(), path.child("port"), errs);
        String scheme = http.getScheme() == null ? "" : http.getScheme();
        if (!scheme.equals("HTTP") && !scheme.equals("HTTPS")) {
            errs.notSupported(path.child("scheme"), scheme, List.of("HTTP", "HTTPS"));
        }
        for (HTTPHeader header : nonNull(http.getHttpHeaders())) {
            String name = header.getName() == null ? "" : header.getName();
            errs.invalidEach(path.child("httpHeaders"), name, Names.httpHeaderName(name));
        }
    }

    private static void tcpSocket(TCPSocketAction tcp, FieldPath path, Errors errs) {
        portNumOrName(tcp.getPort(), path.child("port"), errs);
    }

    private static void grpc(GRPCAction grpc, FieldPath path, Errors errs) {
        int port = intValue(grpc.getPort());
        errs.invalidEach(path.child("port"), port, Names.portNum(port));
    }

    /**
     * In v1.33 PodLifecycleSleepActionAllowZero is beta and on, so zero seconds is allowed; an
     * unset grace period is not checked, as it is reported elsewhere.
     */
    private static void sleep(SleepAction sleep, Long gracePeriod, FieldPath path, Errors errs) {
        long seconds = sleep.getSeconds() == null ? 0 : sleep.getSeconds();
        if (gracePeriod != null && (seconds < 0 || seconds > gracePeriod)) {
            errs.invalid(path, seconds, "must be non-negative and less than terminationGracePeriodSeconds (" + gracePeriod + ")");
        }
    }

    /** ValidatePortNumOrName: a number in 1..65535 or an IANA service name. */
    static void portNumOrName(IntOrString port, FieldPath path, Errors errs) {
        if (port != null && port.getStrVal() != null && port.getIntVal() == null) {
            errs.invalidEach(path, port.getStrVal(), Names.portName(port.getStrVal()));
            return;
        }
        int number = port == null ? 0 : intValue(port.getIntVal());
        errs.invalidEach(path, number, Names.portNum(number));
    }

    static void nonNegative(Integer value, FieldPath path, Errors errs) {
        if (value != null && value < 0) {
            errs.invalid(path, value, NEGATIVE);
        }
    }

    static int intValue(Integer value) {
        return value == null ? 0 : value;
    }
}
