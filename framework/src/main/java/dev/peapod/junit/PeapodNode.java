package dev.peapod.junit;

import org.apiguardian.api.API;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * One node of a {@link PeapodTest} cluster, written as kubectl writes labels and taints:
 * {@code @PeapodNode(name = "gpu-1", labels = "disktype=ssd", taints = "dedicated=gpu:NoSchedule", cpu = "8")}.
 * Resources not given keep the defaults of {@link dev.peapod.NodeSpec#DEFAULT_ALLOCATABLE}. Every
 * attribute is checked when the cluster starts, as the API server checks a Node (a quantity for
 * {@code cpu} and {@code memory}, {@code pods} not negative, label and taint syntax, the name a
 * DNS-1123 subdomain); a bad one fails the test naming the node and the attribute.
 */
@API(status = EXPERIMENTAL, since = "0.1")
@Target({})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface PeapodNode {

    String name();

    /** {@code key=value}, as {@code kubectl label}; the value may be empty. */
    String[] labels() default {};

    /** {@code key=value:Effect} or {@code key:Effect}, as {@code kubectl taint}; Effect is NoSchedule, PreferNoSchedule or NoExecute. */
    String[] taints() default {};

    /** Allocatable CPU, a Kubernetes quantity: {@code 4}, {@code 500m}. */
    String cpu() default "4";

    /** Allocatable memory, a Kubernetes quantity: {@code 16Gi}. */
    String memory() default "16Gi";

    /** How many pods the node accepts. */
    int pods() default 110;

    /**
     * The images the node holds at start ({@link dev.peapod.NodeSpec#images(String...)}): then it has
     * those and learns the ones it pulls. The default, {@code "*"}, is every image a registry would
     * give; {@code images = {}} is a node that holds none.
     */
    String[] images() default {EVERY_IMAGE};

    /** {@link #images()}'s default: the node has every image. */
    String EVERY_IMAGE = "*";
}
