package dev.peapod.runtime;

import dev.peapod.runtime.shell.Network;
import org.apiguardian.api.API;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * The cluster's pod network, flat as Kubernetes requires: every pod reaches every pod by its IP, and
 * a pod reaches its own containers on {@code localhost}. Nodes' runtimes attach their sandboxes
 * here; a request goes to the container listening on the port, in virtual time, never to the
 * host's network. Service names are not resolved yet (kube-proxy and DNS come with Services).
 */
@API(status = INTERNAL, since = "0.1")
public final class PodNetwork {
    private final Map<String, Sandbox> byIp = new HashMap<>();

    void attach(Sandbox sandbox) {
        byIp.put(sandbox.ip(), sandbox);
    }

    void detach(Sandbox sandbox) {
        byIp.remove(sandbox.ip(), sandbox);
    }

    /**
     * The network as one pod's containers see it: {@code localhost} and its hostname are the pod
     * itself, other pods are reached by IP; no other name resolves yet (cluster DNS comes with
     * Services), so {@code wget http://web-svc/} is busybox's "bad address", not a silent refusal.
     */
    Network from(Sandbox sandbox) {
        return new Network() {
            @Override
            public Optional<Reply> get(String host, int port, String path) {
                Sandbox target = self(host) ? sandbox : byIp.get(host);
                return target == null ? Optional.empty() : target.request(port, path);
            }

            @Override
            public boolean resolves(String host) {
                return self(host) || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
            }

            private boolean self(String host) {
                return host.equals("localhost") || host.equals("127.0.0.1") || host.equals(sandbox.hostname())
                        || host.equals(sandbox.name());
            }
        };
    }
}
