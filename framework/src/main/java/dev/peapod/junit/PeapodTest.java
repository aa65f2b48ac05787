package dev.peapod.junit;

import dev.peapod.ClusterSpec;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Gives every test a fresh {@link dev.peapod.FakeCluster}, injected as a parameter and closed after the
 * test. Put it on the test class, on a test method, or both; {@code @Test} stays separate:
 * <pre>{@code
 * @PeapodTest(nodes = @PeapodNode(name = "node-1", labels = "disktype=ssd"))
 * class WebTest {
 *     @Test
 *     void restartsOnTheSameNode(FakeCluster cluster) { ... }
 * }
 * }</pre>
 * Without nodes the cluster has one default node, {@code node-1}. A static method annotated
 * {@link PeapodCluster} may build the class's cluster instead. On a method, {@code nodes} and
 * {@code seed} replace the class's when given; what is left at its default comes from the class.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Target({ElementType.TYPE, ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(PeapodExtension.class)
public @interface PeapodTest {

    /** The cluster's nodes; none means one default node named {@code node-1}. */
    PeapodNode[] nodes() default {};

    /**
     * The seed of the cluster's one random source (uids, generated names): same seed, same timeline.
     * Not given: the class's, else {@link ClusterSpec#DEFAULT_SEED} (42). {@code Long.MIN_VALUE} means "not given".
     */
    long seed() default Long.MIN_VALUE;

    /**
     * The cluster's namespace ({@link dev.peapod.FakeCluster#useNamespace}), created at start: where
     * namespace-less manifests go and what by-name verbs and checks mean. Not given: the class's, else
     * {@code default}. A method's value replaces the class's.
     */
    String namespace() default "";

    /**
     * YAML files of image profiles ({@link dev.peapod.ClusterSpec#imageProfiles(String)}): classpath
     * resources or file paths, read in order, after the class's.
     */
    String[] imageProfiles() default {};
}
