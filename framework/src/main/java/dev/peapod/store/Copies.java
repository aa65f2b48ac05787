package dev.peapod.store;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import org.apiguardian.api.API;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ConcurrentHashMap;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Deep copies of Fabric8 model objects through their generated builders ({@code toBuilder().build()}),
 * which copy every nested object, list and map; about ten times cheaper than a JSON round trip.
 */
@API(status = INTERNAL, since = "0.1")
public final class Copies {
    private static final ConcurrentHashMap<Class<?>, MethodHandle> COPIERS = new ConcurrentHashMap<>();

    private Copies() {
    }

    @SuppressWarnings("unchecked")
    public static <T> T copy(T object) {
        if (object == null) {
            return null;
        }
        try {
            return (T) COPIERS.computeIfAbsent(object.getClass(), Copies::copier).invoke(object);
        } catch (Throwable e) {
            throw new PeapodException("cannot copy a " + object.getClass().getName(), e);
        }
    }

    private static MethodHandle copier(Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            var toBuilder = type.getMethod("toBuilder");
            MethodHandle builder = lookup.unreflect(toBuilder);
            MethodHandle build = lookup.findVirtual(toBuilder.getReturnType(), "build", MethodType.methodType(type));
            return MethodHandles.filterReturnValue(builder, build).asType(MethodType.methodType(Object.class, Object.class));
        } catch (ReflectiveOperationException e) {
            throw new PeapodException(type.getName() + " has no builder to copy it with", e);
        }
    }
}
