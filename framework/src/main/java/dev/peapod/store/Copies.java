package dev.peapod.store;

import dev.peapod.core.PeapodException;
import org.apiguardian.api.API;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.apiguardian.api.API.Status.INTERNAL;

/**
 * Deep copies of Fabric8 model objects, field by field: a new instance of each model object
 * through its no-argument constructor, every field copied, lists into new {@link ArrayList}s, maps
 * into new {@link LinkedHashMap}s (in the source's iteration order), sets into new
 * {@link LinkedHashSet}s, and values that cannot change (strings, numbers, booleans, enums,
 * {@code java.time} values) shared. The result is {@code equals} to the original and shares nothing
 * mutable with it.
 *
 * <p>This is what the generated builders' {@code toBuilder().build()} gives (the copier Peapod used
 * before), at a fraction of the cost: a builder copy goes through a builder per nested object and a
 * visitor registry per builder, which made copies 44% of a scale run (issue #13). Like the builders,
 * it gives a mutable {@code ArrayList} for a {@code List.of(..)} the engine may have set, so a caller
 * that adds to a copied list still can. A serialization library's copy (Kryo's) was not used for that
 * reason: it keeps a JDK immutable list as it is, elements and all, or fails to instantiate it.
 * A value of a type it does not know (not a Fabric8 model class, not a collection), such as an
 * arbitrary object in {@code additionalProperties}, is shared, as the builders share it.
 *
 * <p>A model class whose fields cannot be opened to reflection (Fabric8 on the module path without
 * {@code opens}) is copied through its builder, as before.
 */
@API(status = INTERNAL, since = "0.1")
public final class Copies {
    private static final ClassValue<Plan> PLANS = new ClassValue<>() {
        @Override
        protected Plan computeValue(Class<?> type) {
            return plan(type);
        }
    };

    private Copies() {
    }

    /** A deep copy of {@code object}, or null for null. */
    @SuppressWarnings("unchecked")
    public static <T> T copy(T object) {
        return (T) deep(object);
    }

    /**
     * A new model object whose fields hold the same values as {@code object}'s: nothing nested is
     * copied. For the store's own writes, which replace one or two fields of a stored object (never
     * modified) and share the rest with it.
     */
    @SuppressWarnings("unchecked")
    static <T> T shallow(T object) {
        Plan plan = PLANS.get(object.getClass());
        if (!(plan instanceof Fields fields)) {
            throw new PeapodException("cannot copy a " + object.getClass().getName() + " field by field");
        }
        return (T) fields.copy(object, false);
    }

    /** One lookup of the value's class decides how it is copied (cheaper than asking instanceof of each collection interface). */
    private static Object deep(Object value) {
        if (value == null || value instanceof String) {
            return value;
        }
        return PLANS.get(value.getClass()).copy(value);
    }

    private static Object deepMap(Object value) {
        Map<?, ?> map = (Map<?, ?>) value;
        Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            copy.put(entry.getKey(), deep(entry.getValue()));
        }
        return copy;
    }

    private static Object deepSet(Object value) {
        Set<Object> copy = new LinkedHashSet<>();
        for (Object element : (Set<?>) value) {
            copy.add(deep(element));
        }
        return copy;
    }

    /**
     * A new list of copies. A null element of a list of model objects becomes an empty object
     * ({@code elements}' no-argument instance), as the builders' copies make it ({@code new
     * ContainerBuilder(null)} builds an empty Container): validation then reports the empty item.
     */
    private static List<Object> deepList(List<?> list, Fields elements) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            copy.add(element == null && elements != null ? elements.empty() : deep(element));
        }
        return copy;
    }

    /** How one class's instances are copied. */
    private interface Plan {
        Object copy(Object value);
    }

    /** Values that are shared: immutable ones and those of types the copier does not know. */
    private static final Plan SHARED = value -> value;

    private static Plan plan(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return value -> deepList((List<?>) value, null);
        }
        if (Map.class.isAssignableFrom(type)) {
            return Copies::deepMap;
        }
        if (Set.class.isAssignableFrom(type)) {
            return Copies::deepSet;
        }
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? Copies::clonePrimitiveArray : Copies::deepArray;
        }
        if (!type.getName().startsWith("io.fabric8.")) {
            // a spec's own subclass of a model class (double-brace initialisation, new Container() {{ ... }}) is
            // copied as that model class, as toBuilder().build() did: the store never holds the caller's instance
            Class<?> model = type.getSuperclass();
            while (model != null && !model.getName().startsWith("io.fabric8.")) {
                model = model.getSuperclass();
            }
            if (model != null) {
                return plan(model);
            }
        }
        if (!type.getName().startsWith("io.fabric8.") || Enum.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type)
                || Map.class.isAssignableFrom(type)) {
            return SHARED;
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            List<Field> fields = new ArrayList<>();
            for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
                for (Field field : c.getDeclaredFields()) {
                    if (!Modifier.isStatic(field.getModifiers())) {
                        field.setAccessible(true);
                        fields.add(field);
                    }
                }
            }
            Fields plan = new Fields(constructor, fields.toArray(new Field[0]), new Class<?>[fields.size()]);
            for (int i = 0; i < fields.size(); i++) {
                plan.listElements[i] = modelElementOf(fields.get(i));
            }
            return plan;
        } catch (NoSuchMethodException | RuntimeException e) { // InaccessibleObjectException on the module path
            return builderPlan(type);
        }
    }

    /** The model class of a {@code List<SomeModelClass>} field's elements, null for any other field. */
    private static Class<?> modelElementOf(Field field) {
        if (!List.class.isAssignableFrom(field.getType())
                || !(field.getGenericType() instanceof ParameterizedType generic)
                || !(generic.getActualTypeArguments()[0] instanceof Class<?> element)) {
            return null;
        }
        boolean concrete = !element.isInterface() && !Modifier.isAbstract(element.getModifiers());
        return concrete && element.getName().startsWith("io.fabric8.") && !Enum.class.isAssignableFrom(element) ? element : null;
    }

    /** Copies through the class's generated builder, or shares instances of a class that has none. */
    private static Plan builderPlan(Class<?> type) {
        try {
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            var toBuilder = type.getMethod("toBuilder");
            MethodHandle builder = lookup.unreflect(toBuilder);
            MethodHandle build = lookup.findVirtual(toBuilder.getReturnType(), "build", MethodType.methodType(type));
            MethodHandle copier = MethodHandles.filterReturnValue(builder, build).asType(MethodType.methodType(Object.class, Object.class));
            return value -> {
                try {
                    return copier.invokeExact(value);
                } catch (Throwable e) {
                    throw new PeapodException("cannot copy a " + type.getName(), e);
                }
            };
        } catch (ReflectiveOperationException e) {
            return SHARED;
        }
    }

    private static Object clonePrimitiveArray(Object array) {
        int length = Array.getLength(array);
        Object copy = Array.newInstance(array.getClass().getComponentType(), length);
        System.arraycopy(array, 0, copy, 0, length);
        return copy;
    }

    private static Object deepArray(Object array) {
        Object[] source = (Object[]) array;
        Object[] copy = (Object[]) Array.newInstance(array.getClass().getComponentType(), source.length);
        for (int i = 0; i < source.length; i++) {
            copy[i] = deep(source[i]);
        }
        return copy;
    }

    /** A model class: a new instance through its no-argument constructor, then every field. */
    private record Fields(Constructor<?> constructor, Field[] fields, Class<?>[] listElements) implements Plan {
        @Override
        public Object copy(Object value) {
            return copy(value, true);
        }

        Object copy(Object value, boolean deep) {
            try {
                Object copy = constructor.newInstance();
                for (int i = 0; i < fields.length; i++) {
                    Object fieldValue = fields[i].get(value);
                    if (deep && listElements[i] != null && fieldValue instanceof List<?> list) {
                        fieldValue = deepList(list, PLANS.get(listElements[i]) instanceof Fields elements ? elements : null);
                    } else if (deep) {
                        fieldValue = deep(fieldValue);
                    }
                    fields[i].set(copy, fieldValue);
                }
                return copy;
            } catch (ReflectiveOperationException e) {
                throw new PeapodException("cannot copy a " + value.getClass().getName(), e);
            }
        }

        Object empty() {
            try {
                return constructor.newInstance();
            } catch (ReflectiveOperationException e) {
                throw new PeapodException("cannot make an empty " + constructor.getDeclaringClass().getName(), e);
            }
        }
    }
}
