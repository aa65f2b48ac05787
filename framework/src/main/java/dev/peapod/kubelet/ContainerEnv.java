package dev.peapod.kubelet;

import dev.peapod.runtime.Expansion;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.VolumeMount;

import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A container's environment as the kubelet builds it before it creates the container
 * (pkg/kubelet/kubelet_pods.go {@code makeEnvironmentVariables}), and the expansions that use it:
 * command and args (pkg/kubelet/container/helpers.go {@code ExpandContainerCommandAndArgs}) and
 * {@code subPathExpr} (helpers.go {@code ExpandContainerVolumeMounts}, kubelet_pods.go
 * {@code makeMounts}). Pure: everything it reads comes through {@link Lookup} and {@link NodeFacts}.
 *
 * <p>The rules, in upstream's order: {@code envFrom} sources are copied in order into a working map,
 * later ones overwriting, with their prefix; then {@code env} in declaration order, a literal value
 * expanded against the working map <em>as it is then</em> and the service variables, a
 * {@code valueFrom} resolved and never expanded; then the service variables the container did not
 * set. A missing ConfigMap, Secret or key that is not optional fails the container with upstream's
 * message; an optional one is skipped.
 *
 * <p>envFrom keys that are not C identifiers ({@code 1_KEY}, {@code app.mode}) are passed as they are,
 * with no {@code InvalidEnvironmentVariableNames} event: RelaxedEnvironmentVariableValidation (PR
 * #123385, beta and on by default since v1.32) leaves only {@code =} and non-printable characters
 * invalid, which neither a ConfigMap or Secret key nor a validated prefix can hold
 * (kubelet_pods_test.go "configmap allow prefix to start with a digital"; issue #130099 notes the
 * event is gone). So the build records no event.
 *
 * <p>Order: upstream fills a Go map, so the order of the final list is not defined. Peapod's is
 * stable: the working map in insertion order (a variable set twice keeps its first place), each
 * ConfigMap's and Secret's keys sorted as the API server serves them, then the service variables.
 *
 * <p>Version: read against a kubelet_pods.go later than v1.33 (it adds {@code fileKeyRef}, the
 * EnvFiles gate, alpha in v1.34, which Peapod does not model: such a variable is set to the empty
 * string, as v1.33 does for a valueFrom it does not know) and checked against the v1.30–v1.33
 * TestMakeEnvironmentVariables table; the rest is the same code.
 */
final class ContainerEnv {
    private ContainerEnv() {
    }

    /** What the kubelet reads from the API for a container's environment; the kubelet implements it over the store. */
    interface Lookup {
        Optional<ConfigMap> configMap(String namespace, String name);

        Optional<Secret> secret(String namespace, String name);

        /** The Services of the pod's namespace. */
        List<Service> services(String namespace);

        /** The {@code kubernetes} Service of {@code default}, if any. */
        Optional<Service> masterService();
    }

    /**
     * The node's side of the downward API.
     *
     * @param hostIPs the node's addresses, the first one {@code status.hostIP}
     * @param podIPs the pod's addresses (a hostNetwork pod's are the node's)
     * @param allocatable the node's allocatable resources, the limit a container without one gets
     */
    record NodeFacts(List<String> hostIPs, List<String> podIPs, Map<String, Quantity> allocatable) {
        NodeFacts {
            hostIPs = List.copyOf(hostIPs);
            podIPs = List.copyOf(podIPs);
            allocatable = Collections.unmodifiableMap(new TreeMap<>(allocatable));
        }

        static NodeFacts of(String hostIP, String podIP, Map<String, Quantity> allocatable) {
            return new NodeFacts(List.of(hostIP), podIP == null || podIP.isEmpty() ? List.of() : List.of(podIP), allocatable);
        }
    }

    /** One variable of the final environment. */
    record EnvVar(String name, String value) {
        EnvVar {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The environment, or the reason the container cannot be created. */
    sealed interface Result permits Env, ConfigError {
    }

    /** A subPath (possibly expanded from subPathExpr), or the reason the mount cannot be made. */
    sealed interface SubPathResult permits SubPath, ConfigError {
    }

    /** The final environment, in the order the container gets it. */
    record Env(List<EnvVar> vars) implements Result {
        Env {
            vars = List.copyOf(vars);
        }

        /** Name to value, in {@link #vars()} order: what command, args and subPathExpr expand against. */
        Map<String, String> asMap() {
            Map<String, String> map = new LinkedHashMap<>();
            vars.forEach(v -> map.put(v.name(), v.value()));
            return Collections.unmodifiableMap(map);
        }
    }

    /**
     * The container cannot be created: its waiting state is {@code CreateContainerConfigError} with
     * this message, upstream's error text word for word (e.g. {@code configmap "app" not found}).
     */
    record ConfigError(String message) implements Result, SubPathResult, ConfigResult {
        /** The waiting reason (kuberuntime ErrCreateContainerConfig). */
        static final String REASON = "CreateContainerConfigError";
        /** The Warning event's reason (events.FailedToCreateContainer), recorded by startContainer. */
        static final String EVENT_REASON = "Failed";

        ConfigError {
            Objects.requireNonNull(message, "message");
        }

        /** The Warning event's message: {@code Error: <message>} (kuberuntime_container.go startContainer). */
        String eventMessage() {
            return "Error: " + message;
        }
    }

    /** What the container is created with, or the reason it cannot be. */
    sealed interface ConfigResult permits ContainerConfig, ConfigError {
    }

    /**
     * The parts of generateContainerConfig this class owns: the environment, the command and args
     * expanded against it, and each volume mount's subPath ({@code ""} when none), in
     * {@code volumeMounts} order.
     */
    record ContainerConfig(Env env, List<String> command, List<String> args, List<String> subPaths) implements ConfigResult {
        ContainerConfig {
            command = List.copyOf(command);
            args = List.copyOf(args);
            subPaths = List.copyOf(subPaths);
        }
    }

    /** The subPath to mount, empty when the mount has none. */
    record SubPath(String path) implements SubPathResult {
        SubPath {
            Objects.requireNonNull(path, "path");
        }
    }

    /** makeEnvironmentVariables for {@code container} of {@code pod} (an app or an init container). */
    static Result build(Pod pod, Container container, Lookup lookup, NodeFacts node) {
        try {
            return new Env(variables(pod, container, lookup, node));
        } catch (ContainerConfigException e) {
            return new ConfigError(e.getMessage());
        }
    }

    /**
     * The container's configuration in generateContainerConfig's order (kuberuntime_container.go):
     * the environment (GenerateRunContainerOptions calls makeEnvironmentVariables), then the mounts'
     * subPaths (makeMounts, the first failing mount's error), then command and args
     * (ExpandContainerCommandAndArgs). The first error wins.
     */
    static ConfigResult config(Pod pod, Container container, Lookup lookup, NodeFacts node) {
        Result built = build(pod, container, lookup, node);
        if (built instanceof ConfigError error) {
            return error;
        }
        Env env = (Env) built;
        Map<String, String> values = env.asMap();
        List<String> subPaths = new ArrayList<>();
        for (VolumeMount mount : orEmpty(container.getVolumeMounts())) {
            SubPathResult subPath = subPath(mount, values);
            if (subPath instanceof ConfigError error) {
                return error;
            }
            subPaths.add(((SubPath) subPath).path());
        }
        return new ContainerConfig(env, expandCommand(container.getCommand(), values),
                expandCommand(container.getArgs(), values), subPaths);
    }

    private static List<EnvVar> variables(Pod pod, Container container, Lookup lookup, NodeFacts node) {
        Boolean links = pod.getSpec().getEnableServiceLinks();
        if (links == null) {
            // defaulted to true by the API server; a pod that skipped defaulting fails as upstream's does
            throw new ContainerConfigException("nil pod.spec.enableServiceLinks encountered, cannot construct envvars");
        }
        String namespace = pod.getMetadata().getNamespace();
        // upstream lists every Service and keeps the namespace's only with links on; not listing them is the same
        List<Service> namespaceServices = links ? lookup.services(namespace) : List.of();
        Map<String, String> serviceEnv = ServiceEnv.of(namespace, links, namespaceServices, lookup.masterService());
        Sources sources = new Sources(namespace, lookup);
        Map<String, String> tmpEnv = envFrom(container, sources);
        // MappingFuncFor(tmpEnv, serviceEnv): the working map first, as it is at each declaration
        Map<String, String> mapping = firstOf(tmpEnv, serviceEnv);
        for (io.fabric8.kubernetes.api.model.EnvVar env : orEmpty(container.getEnv())) {
            String value = env.getValue() == null ? "" : env.getValue();
            if (!value.isEmpty()) {
                value = Expansion.expand(value, mapping);
            } else if (env.getValueFrom() != null) {
                Optional<String> resolved = valueFrom(env.getValueFrom(), pod, container, sources, node);
                if (resolved.isEmpty()) {
                    continue; // an optional source or key that is missing: the variable is not set
                }
                value = resolved.get();
            }
            tmpEnv.put(env.getName(), value);
        }
        List<EnvVar> result = new ArrayList<>(tmpEnv.size() + serviceEnv.size());
        tmpEnv.forEach((name, value) -> result.add(new EnvVar(name, value)));
        serviceEnv.forEach((name, value) -> {
            if (!tmpEnv.containsKey(name)) {
                result.add(new EnvVar(name, value));
            }
        });
        return result;
    }

    /** The envFrom sources in order, each key with its prefix; a later source overwrites an earlier one. */
    private static Map<String, String> envFrom(Container container, Sources sources) {
        Map<String, String> tmpEnv = new LinkedHashMap<>();
        for (EnvFromSource from : orEmpty(container.getEnvFrom())) {
            String prefix = from.getPrefix() == null ? "" : from.getPrefix();
            Optional<Map<String, String>> data = Optional.empty();
            if (from.getConfigMapRef() != null) {
                data = sources.configMapData(from.getConfigMapRef().getName(), isTrue(from.getConfigMapRef().getOptional()));
            } else if (from.getSecretRef() != null) {
                data = sources.secretData(from.getSecretRef().getName(), isTrue(from.getSecretRef().getOptional()));
            }
            data.ifPresent(values -> values.forEach((key, value) -> tmpEnv.put(prefix + key, value)));
        }
        return tmpEnv;
    }

    private static Optional<String> valueFrom(EnvVarSource from, Pod pod, Container container, Sources sources, NodeFacts node) {
        if (from.getFieldRef() != null) {
            return Optional.of(DownwardApi.fieldRef(from.getFieldRef(), pod, node.hostIPs(), node.podIPs()));
        }
        if (from.getResourceFieldRef() != null) {
            return Optional.of(DownwardApi.resourceFieldRef(from.getResourceFieldRef(), pod, container, node.allocatable()));
        }
        if (from.getConfigMapKeyRef() != null) {
            ConfigMapKeySelector ref = from.getConfigMapKeyRef();
            boolean optional = isTrue(ref.getOptional());
            return sources.configMapData(ref.getName(), optional)
                    .flatMap(data -> key(data, ref.getKey(), optional, "ConfigMap", sources.namespace, ref.getName()));
        }
        if (from.getSecretKeyRef() != null) {
            SecretKeySelector ref = from.getSecretKeyRef();
            boolean optional = isTrue(ref.getOptional());
            return sources.secretData(ref.getName(), optional)
                    .flatMap(data -> key(data, ref.getKey(), optional, "Secret", sources.namespace, ref.getName()));
        }
        return Optional.of("");
    }

    private static Optional<String> key(Map<String, String> data, String key, boolean optional, String kind,
                                        String namespace, String name) {
        if (data.containsKey(key)) {
            return Optional.of(data.get(key));
        }
        if (optional) {
            return Optional.empty();
        }
        throw new ContainerConfigException("couldn't find key " + key + " in " + kind + " " + namespace + "/" + name);
    }

    /**
     * The ConfigMaps and Secrets one build reads, each fetched once (upstream's {@code configMaps}
     * and {@code secrets} maps). A missing one that is not optional is the configmap and secret
     * managers' NotFound text: {@code configmap "x" not found}, {@code secret "x" not found}
     * (pkg/kubelet/configmap/configmap_manager.go and pkg/kubelet/secret/secret_manager.go name
     * their resources {@code configmap} and {@code secret}).
     */
    private static final class Sources {
        private final String namespace;
        private final Lookup lookup;
        private final Map<String, Map<String, String>> configMaps = new HashMap<>();
        private final Map<String, Map<String, String>> secrets = new HashMap<>();

        Sources(String namespace, Lookup lookup) {
            this.namespace = namespace;
            this.lookup = lookup;
        }

        Optional<Map<String, String>> configMapData(String name, boolean optional) {
            Map<String, String> data = configMaps.get(name);
            if (data == null) {
                Optional<ConfigMap> configMap = lookup.configMap(namespace, name);
                if (configMap.isEmpty()) {
                    return notFound("configmap", name, optional);
                }
                // Data only: binaryData never reaches the environment; sorted as the API server serves maps
                data = new TreeMap<>(nullToEmpty(configMap.get().getData()));
                configMaps.put(name, data);
            }
            return Optional.of(data);
        }

        Optional<Map<String, String>> secretData(String name, boolean optional) {
            Map<String, String> data = secrets.get(name);
            if (data == null) {
                Optional<Secret> secret = lookup.secret(namespace, name);
                if (secret.isEmpty()) {
                    return notFound("secret", name, optional);
                }
                data = decoded(secret.get());
                secrets.put(name, data);
            }
            return Optional.of(data);
        }

        private static Optional<Map<String, String>> notFound(String resource, String name, boolean optional) {
            if (optional) {
                return Optional.empty();
            }
            throw new ContainerConfigException(resource + " \"" + name + "\" not found");
        }
    }

    /**
     * A Secret's values as the container sees them: {@code data} is base64 in the object and bytes in
     * Go, {@code string(v)}; {@code stringData} is written over it, as the API server merges it on
     * write (a Secret stored without that merge still reads the same).
     */
    static Map<String, String> decoded(Secret secret) {
        Map<String, String> out = new TreeMap<>();
        nullToEmpty(secret.getData()).forEach((k, v) -> out.put(k,
                new String(Base64.getMimeDecoder().decode(v == null ? "" : v), StandardCharsets.UTF_8)));
        nullToEmpty(secret.getStringData()).forEach((k, v) -> out.put(k, v == null ? "" : v));
        return out;
    }

    /**
     * ExpandContainerCommandAndArgs for one of the two lists: each element's {@code $(VAR)} expanded
     * against the final environment; an undefined variable stays as written, {@code $$} is {@code $}.
     */
    static List<String> expandCommand(List<String> commandOrArgs, Map<String, String> env) {
        if (commandOrArgs == null) {
            return List.of();
        }
        return commandOrArgs.stream().map(arg -> Expansion.expand(arg, env)).toList();
    }

    /**
     * ExpandContainerCommandOnlyStatic, what an exec probe's command is expanded with
     * (pkg/kubelet/prober/prober.go {@code runProbe}; errata row 9): the container's {@code env} list
     * as written, each name mapped to its literal {@code value}, so a variable declared with
     * {@code valueFrom} expands to the empty string, and envFrom, the downward API and service
     * variables are not seen.
     */
    static List<String> expandCommandOnlyStatic(List<String> command, List<io.fabric8.kubernetes.api.model.EnvVar> env) {
        Map<String, String> values = new HashMap<>();
        orEmpty(env).forEach(e -> values.put(e.getName(), e.getValue() == null ? "" : e.getValue()));
        return expandCommand(command, values);
    }

    /**
     * The subPath a volume mount uses: {@code subPath} as written, or {@code subPathExpr} expanded
     * against the final environment, where a variable that is undefined or empty is an error
     * ({@code missing value for A, B}, names sorted). makeMounts then refuses an absolute path
     * ({@code error SubPath `/x` must not be an absolute path}) and a {@code ..} element
     * ({@code unable to provision SubPath `a/../b`: must not contain '..'}, the second part from
     * pkg/volume/validation/pv_validation.go {@code ValidatePathNoBacksteps}).
     */
    static SubPathResult subPath(VolumeMount mount, Map<String, String> env) {
        String subPath = mount.getSubPath() == null ? "" : mount.getSubPath();
        String expr = mount.getSubPathExpr() == null ? "" : mount.getSubPathExpr();
        if (!expr.isEmpty()) {
            Set<String> missing = new TreeSet<>();
            subPath = Expansion.expand(expr, recordingMissing(env, missing));
            if (!missing.isEmpty()) {
                return new ConfigError("missing value for " + String.join(", ", missing));
            }
        }
        if (subPath.isEmpty()) {
            return new SubPath("");
        }
        if (subPath.startsWith("/")) {
            return new ConfigError("error SubPath `" + subPath + "` must not be an absolute path");
        }
        for (String element : subPath.split("/", -1)) {
            if (element.equals("..")) {
                return new ConfigError("unable to provision SubPath `" + subPath + "`: must not contain '..'");
            }
        }
        return new SubPath(subPath);
    }

    /**
     * ExpandContainerVolumeMounts' mapping: every name is looked up (an undefined one is the empty
     * string, not the literal), and a name whose value is undefined or empty is noted as missing.
     */
    private static Map<String, String> recordingMissing(Map<String, String> env, Set<String> missing) {
        return new AbstractMap<>() {
            @Override
            public boolean containsKey(Object key) {
                return true;
            }

            @Override
            public String get(Object key) {
                String value = env.get(key);
                if (value == null || value.isEmpty()) {
                    missing.add((String) key);
                }
                return value == null ? "" : value;
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                return env.entrySet();
            }
        };
    }

    /** expansion.MappingFuncFor(first, second): a name is looked up in {@code first}, then in {@code second}. */
    private static Map<String, String> firstOf(Map<String, String> first, Map<String, String> second) {
        return new AbstractMap<>() {
            @Override
            public boolean containsKey(Object key) {
                return first.containsKey(key) || second.containsKey(key);
            }

            @Override
            public String get(Object key) {
                return first.containsKey(key) ? first.get(key) : second.get(key);
            }

            @Override
            public Set<Entry<String, String>> entrySet() {
                Map<String, String> both = new LinkedHashMap<>(second);
                both.putAll(first);
                return both.entrySet();
            }
        };
    }

    private static boolean isTrue(Boolean b) {
        return Boolean.TRUE.equals(b);
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static Map<String, String> nullToEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }
}
