package dev.peapod.store;

import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;

import java.lang.reflect.Method;

/** What the store needs to know about a model class: names, scope, and where its status is. */
final class Kinds {
    /** Per class, read on every store call: a ClassValue is a field of the class, not a hash lookup (issue #13). */
    private static final ClassValue<Kinds> CACHE = new ClassValue<>() {
        @Override
        protected Kinds computeValue(Class<?> type) {
            return new Kinds(type);
        }
    };

    final String kind;
    final String plural;
    /** The resource as the API server's errors name it: {@code deployments.apps}, {@code pods} (schema.GroupResource.String). */
    final String qualified;
    /** The kind as Invalid errors name it: {@code Deployment.apps}, {@code Pod} (schema.GroupKind.String). */
    final String qualifiedKind;
    final boolean namespaced;
    final Method getStatus;
    final Method setStatus;
    final boolean hasSpec;

    private Kinds(Class<?> type) {
        @SuppressWarnings("unchecked")
        Class<? extends HasMetadata> resource = (Class<? extends HasMetadata>) type;
        this.kind = HasMetadata.getKind(resource);
        this.plural = HasMetadata.getPlural(resource);
        String group = HasMetadata.getGroup(resource);
        this.qualified = group == null || group.isEmpty() ? plural : plural + "." + group;
        this.qualifiedKind = group == null || group.isEmpty() ? kind : kind + "." + group;
        this.namespaced = Namespaced.class.isAssignableFrom(type);
        Method get = null;
        Method set = null;
        try {
            get = type.getMethod("getStatus");
            set = type.getMethod("setStatus", get.getReturnType());
        } catch (NoSuchMethodException e) {
            // no status subresource
        }
        this.getStatus = get;
        this.setStatus = set;
        boolean spec;
        try {
            type.getMethod("getSpec");
            spec = true;
        } catch (NoSuchMethodException e) {
            spec = false;
        }
        this.hasSpec = spec;
    }

    static Kinds of(Class<?> type) {
        return CACHE.get(type);
    }

    boolean hasStatus() {
        return getStatus != null;
    }

    Object status(HasMetadata object) {
        try {
            return getStatus.invoke(object);
        } catch (ReflectiveOperationException e) {
            throw new PeapodException("cannot read the status of a " + kind, e);
        }
    }

    void setStatus(HasMetadata object, Object status) {
        try {
            setStatus.invoke(object, status);
        } catch (ReflectiveOperationException e) {
            throw new PeapodException("cannot write the status of a " + kind, e);
        }
    }
}
