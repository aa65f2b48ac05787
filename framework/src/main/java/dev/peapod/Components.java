package dev.peapod;

import dev.peapod.core.PeapodException;
import dev.peapod.spi.ClusterContext;
import dev.peapod.spi.Component;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The registry of a cluster's components, in the order they started: the scheduler, the kubelets in
 * node order (and nodes added later), then the components of the {@link ClusterSpec}. The order is
 * part of the timeline: work the components schedule at the same instant runs in start order.
 */
final class Components {
    private final ClusterContext context;
    private final Map<String, Component> started = new LinkedHashMap<>();

    Components(ClusterContext context) {
        this.context = context;
    }

    /** Starts a component; its name must be new in this cluster. */
    void start(Component component) {
        String name = Objects.requireNonNull(component.name(), () -> component.getClass().getName() + ".name()");
        if (started.containsKey(name)) {
            throw new PeapodException("the cluster already runs a component named \"" + name + "\" ("
                    + started.get(name).getClass().getName() + "); give " + component.getClass().getName()
                    + " another name");
        }
        started.put(name, component);
        component.start(context);
    }
}
