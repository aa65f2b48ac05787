package dev.peapod.kubectl;

import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test class of the kubectl suite: it runs with the v1.20 kubectl that {@link KubectlLookup} finds, injected as a
 * {@link Kubectl} parameter, and is skipped when there is none, with the reason as the assumption's message and on
 * standard output (so the CI log shows it). See {@link KubectlExtension}.
 */
@Documented
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(KubectlExtension.class)
@interface RequiresKubectl {}
