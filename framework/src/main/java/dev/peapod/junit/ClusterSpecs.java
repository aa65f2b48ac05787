package dev.peapod.junit;

import dev.peapod.ClusterSpec;
import dev.peapod.NodeSpec;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The cluster spec of one test, from its annotations: the method's {@code @PeapodTest} parts, else
 * the class's {@code @PeapodCluster} method or {@code @PeapodTest}, else one default node. Plain
 * reflection, so it reads the same under every JUnit version the extension supports.
 */
final class ClusterSpecs {
    static final String DEFAULT_NODE = "node-1";
    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private ClusterSpecs() {
    }

    static ClusterSpec of(Class<?> testClass, Method testMethod) {
        Optional<PeapodTest> onClass = findOnClass(testClass);
        Optional<Method> factory = clusterMethod(testClass);
        ClusterSpec spec;
        if (factory.isPresent()) {
            onClass.filter(ClusterSpecs::saysSomething).ifPresent(a -> {
                throw new ExtensionConfigurationException(testClass.getName() + " declares its cluster twice, with @PeapodTest("
                        + "nodes/seed/imageProfiles) and with @PeapodCluster method " + factory.get().getName() + "(): keep one");
            });
            spec = invoke(factory.get());
        } else {
            spec = onClass.map(ClusterSpecs::fromAnnotation).orElseGet(ClusterSpec::empty);
            if (spec.nodes().isEmpty()) {
                spec = spec.node(DEFAULT_NODE);
            }
        }
        Optional<PeapodTest> onMethod = testMethod == null ? Optional.empty() : find(testMethod, PeapodTest.class);
        return onMethod.map(override(spec)).orElse(spec);
    }

    /** The namespace the test uses: the method's {@code @PeapodTest(namespace)}, else the class's, else none (empty). */
    static String namespace(Class<?> testClass, Method testMethod) {
        Optional<PeapodTest> onMethod = testMethod == null ? Optional.empty() : find(testMethod, PeapodTest.class);
        return onMethod.map(PeapodTest::namespace).filter(n -> !n.isEmpty())
                .or(() -> findOnClass(testClass).map(PeapodTest::namespace))
                .orElse("");
    }

    /** A method's annotation replaces the nodes and the seed it gives, and keeps the rest. */
    private static java.util.function.Function<PeapodTest, ClusterSpec> override(ClusterSpec spec) {
        return annotation -> {
            ClusterSpec result = spec;
            if (annotation.nodes().length > 0) {
                result = withNodes(new ClusterSpec(List.of(), result.startAt(), result.seed(), result.components(), result.imageProfiles()), annotation.nodes());
            }
            result = withProfiles(result, annotation);
            return annotation.seed() != Long.MIN_VALUE ? result.seed(annotation.seed()) : result;
        };
    }

    /** The annotation's image profile files, each read now: a bad one fails the test's set-up naming the file and field. */
    private static ClusterSpec withProfiles(ClusterSpec spec, PeapodTest annotation) {
        ClusterSpec result = spec;
        for (String file : annotation.imageProfiles()) {
            try {
                result = result.imageProfiles(file);
            } catch (dev.peapod.core.PeapodException e) {
                throw new ExtensionConfigurationException("@PeapodTest(imageProfiles): " + e.getMessage(), e);
            }
        }
        return result;
    }

    private static ClusterSpec fromAnnotation(PeapodTest annotation) {
        return withProfiles(withNodes(ClusterSpec.empty().seed(annotation.seed() == Long.MIN_VALUE ? ClusterSpec.DEFAULT_SEED : annotation.seed()),
                annotation.nodes()), annotation);
    }

    private static boolean saysSomething(PeapodTest annotation) {
        return annotation.nodes().length > 0 || annotation.seed() != Long.MIN_VALUE || annotation.imageProfiles().length > 0;
    }

    private static ClusterSpec withNodes(ClusterSpec spec, PeapodNode[] nodes) {
        ClusterSpec result = spec;
        try {
            for (PeapodNode node : nodes) {
                result = result.node(node(node));
            }
            return result;
        } catch (dev.peapod.core.PeapodException duplicate) { // ClusterSpec: node names must be unique
            throw new ExtensionConfigurationException("@PeapodTest: " + duplicate.getMessage(), duplicate);
        }
    }

    /**
     * The node an annotation describes. Each attribute is checked as the API server checks a Node
     * (through {@link NodeSpec}'s builder), and a bad one is an ExtensionConfigurationException
     * naming the annotation, the node and the attribute.
     */
    static NodeSpec node(PeapodNode node) {
        String where = "@PeapodNode(name = \"" + node.name() + "\")";
        if (node.name().isBlank()) {
            throw new ExtensionConfigurationException("@PeapodNode: name must not be blank");
        }
        NodeSpec spec = attribute(where, "name", () -> NodeSpec.named(node.name()));
        NodeSpec named = spec;
        spec = attribute(where, "cpu = \"" + node.cpu() + "\"", () -> named.cpu(node.cpu()));
        NodeSpec withCpu = spec;
        spec = attribute(where, "memory = \"" + node.memory() + "\"", () -> withCpu.memory(node.memory()));
        NodeSpec withMemory = spec;
        spec = attribute(where, "pods = " + node.pods(), () -> withMemory.pods(node.pods()));
        for (String label : node.labels()) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw new ExtensionConfigurationException(where + ": label \"" + label + "\" must look like key=value");
            }
            NodeSpec before = spec;
            spec = attribute(where, "labels = \"" + label + "\"", () -> before.label(label.substring(0, eq), label.substring(eq + 1)));
        }
        for (String taint : node.taints()) {
            int colon = taint.lastIndexOf(':');
            if (colon <= 0 || !EFFECTS.contains(taint.substring(colon + 1))) {
                throw new ExtensionConfigurationException(where + ": taint \"" + taint
                        + "\" must look like key=value:Effect or key:Effect, with Effect NoSchedule, PreferNoSchedule or NoExecute");
            }
            NodeSpec before = spec;
            spec = attribute(where, "taints = \"" + taint + "\"", () -> before.taint(taint));
        }
        if (!java.util.Arrays.equals(node.images(), new String[] {PeapodNode.EVERY_IMAGE})) {
            NodeSpec before = spec;
            spec = attribute(where, "images = " + java.util.Arrays.toString(node.images()), () -> before.images(node.images()));
        }
        return spec;
    }

    /** One attribute's builder call; NodeSpec's refusal becomes the annotation's, naming the attribute. */
    private static NodeSpec attribute(String where, String attribute, java.util.function.Supplier<NodeSpec> call) {
        try {
            return call.get();
        } catch (dev.peapod.core.PeapodException invalid) {
            String detail = invalid.getMessage();
            // NodeSpec says 'node "x", method: ...'; the annotation already names the node
            int colon = detail.indexOf(": ");
            throw new ExtensionConfigurationException(where + ", " + attribute + ": "
                    + (detail.startsWith("node \"") && colon > 0 ? detail.substring(colon + 2) : detail), invalid);
        }
    }

    // ---------------------------------------------------------------- the @PeapodCluster method

    /** The class's @PeapodCluster method, looked up in the class, its superclasses and its enclosing classes. */
    private static Optional<Method> clusterMethod(Class<?> testClass) {
        List<Method> found = new ArrayList<>();
        for (Class<?> c = testClass; c != null && found.isEmpty(); c = c.getEnclosingClass()) {
            for (Class<?> k = c; k != null && k != Object.class && found.isEmpty(); k = k.getSuperclass()) {
                Arrays.stream(k.getDeclaredMethods()).filter(m -> m.isAnnotationPresent(PeapodCluster.class))
                        .sorted(Comparator.comparing(Method::getName)).forEach(found::add);
            }
        }
        if (found.size() > 1) {
            throw new ExtensionConfigurationException(testClass.getName() + " has " + found.size()
                    + " @PeapodCluster methods " + found.stream().map(m -> m.getName() + "()").toList() + ": keep one");
        }
        found.forEach(ClusterSpecs::requireFactoryShape);
        return found.stream().findFirst();
    }

    private static void requireFactoryShape(Method method) {
        String where = "@PeapodCluster method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
        if (!Modifier.isStatic(method.getModifiers())) {
            throw new ExtensionConfigurationException(where + " must be static: the cluster starts before each test, from the class");
        }
        if (method.getParameterCount() != 0) {
            throw new ExtensionConfigurationException(where + " must take no parameters");
        }
        if (method.getReturnType() != ClusterSpec.class) {
            throw new ExtensionConfigurationException(where + " must return ClusterSpec, but returns "
                    + method.getReturnType().getSimpleName());
        }
    }

    private static ClusterSpec invoke(Method method) {
        String where = "@PeapodCluster method " + method.getDeclaringClass().getName() + "." + method.getName() + "()";
        try {
            method.setAccessible(true); // test classes and their methods are usually package-private
            ClusterSpec spec = (ClusterSpec) method.invoke(null);
            if (spec == null) {
                throw new ExtensionConfigurationException(where + " returned null; return a ClusterSpec, e.g. ClusterSpec.empty().node(\"node-1\")");
            }
            return spec;
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException(where + " failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException | RuntimeException e) {
            if (e instanceof ExtensionConfigurationException configuration) {
                throw configuration;
            }
            throw new ExtensionConfigurationException(where + " could not be called: " + e, e);
        }
    }

    // ---------------------------------------------------------------- annotations

    /** On the class or a superclass (@Inherited), else on an enclosing class, for @Nested tests. */
    private static Optional<PeapodTest> findOnClass(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            Optional<PeapodTest> found = find(c, PeapodTest.class);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /** Directly present, or on an annotation that is (one level of composed annotations). */
    static <A extends Annotation> Optional<A> find(AnnotatedElement element, Class<A> type) {
        A direct = element.getAnnotation(type);
        if (direct != null) {
            return Optional.of(direct);
        }
        for (Annotation annotation : element.getAnnotations()) {
            A meta = annotation.annotationType().getAnnotation(type);
            if (meta != null) {
                return Optional.of(meta);
            }
        }
        return Optional.empty();
    }
}
