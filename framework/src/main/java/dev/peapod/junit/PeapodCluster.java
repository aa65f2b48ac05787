package dev.peapod.junit;

import org.apiguardian.api.API;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * Marks the static, parameterless method of a {@link PeapodTest} class that returns the
 * {@link dev.peapod.ClusterSpec} each test's cluster starts from, for what the annotation cannot say:
 * <pre>{@code
 * @PeapodCluster
 * static ClusterSpec cluster() {
 *     return ClusterSpec.empty().node(NodeSpec.named("node-1").cordoned()).node("node-2");
 * }
 * }</pre>
 * The spec is used as it is: a spec without nodes gives a cluster without nodes. It replaces the
 * class's {@code @PeapodTest(nodes, seed)}, so a class declares one or the other; a test method's
 * own {@code @PeapodTest(nodes, seed)} still replaces its parts.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PeapodCluster {
}
