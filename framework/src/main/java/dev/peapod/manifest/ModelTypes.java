package dev.peapod.manifest;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.peapod.core.PeapodException;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Quantity;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.annotation.JsonDeserialize;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What reflection says about Fabric8 model classes: their JSON properties, and the Go names of their types. */
final class ModelTypes {
    /** A JSON property of a model class and the getter that reads it. */
    record Property(String name, Method getter) {
        Type type() {
            return getter.getGenericReturnType();
        }

        Object read(Object target) {
            try {
                return getter.invoke(target);
            } catch (ReflectiveOperationException e) {
                throw new PeapodException("cannot read " + name + " of a " + target.getClass().getSimpleName(), e);
            }
        }
    }

    private static final ClassValue<Map<String, Property>> PROPERTIES = new ClassValue<>() {
        @Override
        protected Map<String, Property> computeValue(Class<?> type) {
            return scan(type);
        }
    };

    private ModelTypes() {
    }

    /**
     * The JSON properties of a model class, by name. Empty for anything Jackson does not bind property
     * by property: strings, numbers, collections, and classes with their own deserializer
     * (IntOrString, Quantity, MicroTime).
     */
    static Map<String, Property> properties(Class<?> type) {
        return PROPERTIES.get(type);
    }

    /** The unknown fields Fabric8 kept aside while binding a model object; empty for other values. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> additionalProperties(Object object) {
        if (properties(object.getClass()).isEmpty()) {
            return Map.of();
        }
        try {
            Object extra = object.getClass().getMethod("getAdditionalProperties").invoke(object);
            return extra instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        } catch (NoSuchMethodException e) {
            return Map.of();
        } catch (ReflectiveOperationException e) {
            throw new PeapodException("cannot read the unknown fields of a " + object.getClass().getSimpleName(), e);
        }
    }

    static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType parameterized) {
            return raw(parameterized.getRawType());
        }
        if (type instanceof WildcardType wildcard) {
            return raw(wildcard.getUpperBounds()[0]);
        }
        return Object.class;
    }

    /** The n-th type argument: a List's element type is 0, a Map's value type is 1. */
    static Type argument(Type type, int n) {
        if (type instanceof ParameterizedType parameterized && parameterized.getActualTypeArguments().length > n) {
            return parameterized.getActualTypeArguments()[n];
        }
        return Object.class;
    }

    /** The Go type the API server decodes into, as reflect prints it: int32, []v1.Container, map[string]string. */
    static String goType(Type type) {
        Class<?> raw = raw(type);
        String scalar = goScalar(raw);
        if (scalar != null) {
            return scalar;
        }
        if (List.class.isAssignableFrom(raw)) {
            return "[]" + goType(argument(type, 0));
        }
        if (Map.class.isAssignableFrom(raw)) {
            return "map[string]" + goType(argument(type, 1));
        }
        if (raw == Object.class) {
            return "interface {}";
        }
        return goPackage(raw) + "." + raw.getSimpleName();
    }

    static boolean isInteger(Class<?> raw) {
        return raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class
                || raw == Short.class || raw == short.class;
    }

    static boolean isInt32(Class<?> raw) {
        return raw == Integer.class || raw == int.class;
    }

    private static String goScalar(Class<?> raw) {
        if (raw == String.class) {
            return "string";
        }
        if (isInt32(raw)) {
            return "int32";
        }
        if (raw == Long.class || raw == long.class) {
            return "int64";
        }
        if (raw == Boolean.class || raw == boolean.class) {
            return "bool";
        }
        if (raw == Double.class || raw == double.class) {
            return "float64";
        }
        if (raw == IntOrString.class) {
            return "intstr.IntOrString";
        }
        return raw == Quantity.class ? "resource.Quantity" : null;
    }

    /** Kubernetes API packages are named by version (k8s.io/api/apps/v1 is package v1), like Fabric8's last segment. */
    private static String goPackage(Class<?> type) {
        String name = type.getPackageName();
        String last = name.substring(name.lastIndexOf('.') + 1);
        return last.matches("v[0-9]+((alpha|beta)[0-9]+)?") ? last : "v1";
    }

    private static Map<String, Property> scan(Class<?> type) {
        if (!KubernetesResource.class.isAssignableFrom(type) || hasOwnDeserializer(type)) {
            return Map.of();
        }
        Map<String, Property> properties = new TreeMap<>();
        for (Method method : type.getMethods()) {
            JsonProperty json = method.getAnnotation(JsonProperty.class);
            if (json != null && isGetter(method)) {
                String name = json.value().isEmpty() ? beanName(method) : json.value();
                properties.putIfAbsent(name, new Property(name, method));
            }
        }
        return Collections.unmodifiableMap(properties);
    }

    private static boolean isGetter(Method method) {
        return method.getParameterCount() == 0 && method.getReturnType() != void.class && !method.isBridge()
                && !Modifier.isStatic(method.getModifiers()) && !method.isAnnotationPresent(JsonIgnore.class);
    }

    private static boolean hasOwnDeserializer(Class<?> type) {
        JsonDeserialize deserialize = type.getAnnotation(JsonDeserialize.class);
        return deserialize != null && deserialize.using() != ValueDeserializer.None.class;
    }

    private static String beanName(Method getter) {
        String name = getter.getName().replaceFirst("^(get|is)", "");
        return name.isEmpty() ? getter.getName() : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
