package dev.peapod.kubelet;

/** A probe result as the kubelet's results cache holds it (pkg/kubelet/prober/results). */
enum ProbeResult {
    UNKNOWN, SUCCESS, FAILURE;

    /** Lower-case, as upstream's probe.Result prints in "errored and resulted in unknown state". */
    String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
