package dev.peapod.scheduler;

import dev.peapod.store.LabelSelector;
import dev.peapod.store.ListOptions;
import dev.peapod.store.ObjectStore;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

import java.util.List;
import java.util.Map;

/**
 * What PodTopologySpread and InterPodAffinity read besides nodes and pods: the Services,
 * ReplicationControllers, ReplicaSets and StatefulSets of the system default spreading
 * (helper.DefaultSelector), and namespaces for namespaceSelector. Upstream reads informer listers;
 * Peapod reads through to the store's own objects ({@link ObjectStore#peek}), which costs a map
 * lookup and no copy, and is never stale.
 */
interface SchedulerListers {
    /** Reads nothing: no namespaces, no owners. For tests of the algorithm alone. */
    SchedulerListers NONE = new SchedulerListers() {
        @Override
        public List<Service> services(String namespace) {
            return List.of();
        }

        @Override
        public Object controller(String kind, String namespace, String name) {
            return null;
        }

        @Override
        public Map<String, String> namespaceLabels(String namespace) {
            return null;
        }

        @Override
        public List<String> namespaces(LabelSelector selector) {
            return List.of();
        }
    };

    /** The Services of a namespace. */
    List<Service> services(String namespace);

    /** The ReplicationController, ReplicaSet or StatefulSet of that kind and name, or null. */
    Object controller(String kind, String namespace, String name);

    /** The labels of a namespace; null when it does not exist (GetNamespaceLabelsSnapshot). */
    Map<String, String> namespaceLabels(String namespace);

    /** The names of the namespaces the selector matches, in name order. */
    List<String> namespaces(LabelSelector selector);

    static SchedulerListers of(ObjectStore store) {
        return new SchedulerListers() {
            @Override
            public List<Service> services(String namespace) {
                return store.peekAll(Service.class, ListOptions.inNamespace(namespace));
            }

            @Override
            public Object controller(String kind, String namespace, String name) {
                return switch (kind) {
                    case "ReplicationController" -> store.peek(ReplicationController.class, namespace, name);
                    case "ReplicaSet" -> store.peek(ReplicaSet.class, namespace, name);
                    case "StatefulSet" -> store.peek(StatefulSet.class, namespace, name);
                    default -> null;
                };
            }

            @Override
            public Map<String, String> namespaceLabels(String namespace) {
                Namespace ns = store.peek(Namespace.class, null, namespace);
                if (ns == null) {
                    return null;
                }
                return ns.getMetadata().getLabels() == null ? Map.of() : ns.getMetadata().getLabels();
            }

            @Override
            public List<String> namespaces(LabelSelector selector) {
                return store.peekAll(Namespace.class, ListOptions.all()).stream()
                        .filter(ns -> selector.matches(ns.getMetadata().getLabels()))
                        .map(ns -> ns.getMetadata().getName()).toList();
            }
        };
    }
}
