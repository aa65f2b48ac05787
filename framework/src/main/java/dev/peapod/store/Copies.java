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
        return (T) deep(object, false);
    }

    /**
     * As {@link #copy}, for an object the store keeps and never hands out as it is: a model object
     * whose {@code additionalProperties} is empty (nearly all) gets one shared immutable empty map
     * instead of a {@link LinkedHashMap} of its own (issue #13: that map was an eighth of a stored
     * pod, one per nested object). Equal to {@link #copy}'s result. Nothing in the engine writes
     * additional properties (they hold what a manifest had that Fabric8 could not bind, and are read
     * only); every copy handed out ({@link #copy} of a stored object, a builder made from one) gets a
     * mutable map again, because {@link #copy} and the builders copy the map into a new {@link LinkedHashMap}.
     */
    @SuppressWarnings("unchecked")
    static <T> T forStore(T object) {
        return (T) deep(object, true);
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
        return (T) fields.copy(object, false, false);
    }

    /**
     * One lookup of the value's class decides how it is copied (cheaper than asking instanceof of each
     * collection interface). {@code forStore}: see {@link #forStore}.
     */
    private static Object deep(Object value, boolean forStore) {
        if (value == null || value instanceof String) {
            return value;
        }
        return PLANS.get(value.getClass()).copy(value, forStore);
    }

    private static Object deepMap(Object value, boolean forStore) {
        Map<?, ?> map = (Map<?, ?>) value;
        Map<Object, Object> copy = new LinkedHashMap<>(Math.max(4, (int) (map.size() / 0.75f) + 1));
        // forEach, not entrySet(): a LinkedHashMap keeps the entry-set view it hands out, so iterating a
        // stored map's entrySet() left one more object behind in every stored map ever copied
        map.forEach((key, element) -> copy.put(key, deep(element, forStore)));
        return copy;
    }

    private static Object deepSet(Object value, boolean forStore) {
        Set<Object> copy = new LinkedHashSet<>();
        for (Object element : (Set<?>) value) {
            copy.add(deep(element, forStore));
        }
        return copy;
    }

    /**
     * A new list of copies. A null element of a list of model objects becomes an empty object
     * ({@code elements}' no-argument instance), as the builders' copies make it ({@code new
     * ContainerBuilder(null)} builds an empty Container): validation then reports the empty item.
     */
    private static List<Object> deepList(List<?> list, Fields elements, boolean forStore) {
        List<Object> copy = new ArrayList<>(list.size());
        for (Object element : list) {
            copy.add(element == null && elements != null ? elements.empty() : deep(element, forStore));
        }
        return copy;
    }

    /** How one class's instances are copied. */
    private interface Plan {
        Object copy(Object value, boolean forStore);
    }

    /** Values that are shared: immutable ones and those of types the copier does not know. */
    private static final Plan SHARED = (value, forStore) -> value;

    private static Plan plan(Class<?> type) {
        if (List.class.isAssignableFrom(type)) {
            return (value, forStore) -> deepList((List<?>) value, null, forStore);
        }
        if (Map.class.isAssignableFrom(type)) {
            return Copies::deepMap;
        }
        if (Set.class.isAssignableFrom(type)) {
            return Copies::deepSet;
        }
        if (type.isArray()) {
            return type.getComponentType().isPrimitive() ? (value, forStore) -> clonePrimitiveArray(value) : Copies::deepArray;
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
            Fields plan = new Fields(constructor, allocator(type), fields.toArray(new Field[0]), new Class<?>[fields.size()],
                    new boolean[fields.size()]);
            for (int i = 0; i < fields.size(); i++) {
                plan.listElements[i] = modelElementOf(fields.get(i));
                plan.additional[i] = fields.get(i).getName().equals("additionalProperties") && Map.class == fields.get(i).getType();
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
            return (value, forStore) -> {
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

    private static Object deepArray(Object array, boolean forStore) {
        Object[] source = (Object[]) array;
        Object[] copy = (Object[]) Array.newInstance(array.getClass().getComponentType(), source.length);
        for (int i = 0; i < source.length; i++) {
            copy[i] = deep(source[i], forStore);
        }
        return copy;
    }

    /**
     * A constructor that makes an instance of {@code type} without running {@code type}'s own
     * constructor or field initialisers (as deserialization does), or null where the JDK offers none.
     * A Fabric8 model constructor allocates an empty {@link LinkedHashMap} or {@link ArrayList} for each
     * of its collection fields, which the copy then replaces at once: an {@code ObjectMeta} made six of
     * them to throw away. Every field is set by the copy, so nothing is left uninitialised.
     */
    private static Constructor<?> allocator(Class<?> type) {
        try {
            return sun.reflect.ReflectionFactory.getReflectionFactory()
                    .newConstructorForSerialization(type, Object.class.getDeclaredConstructor());
        } catch (NoSuchMethodException | RuntimeException | LinkageError e) {
            return null;
        }
    }

    /**
     * A model class: a new instance (through {@code allocator}, or its no-argument constructor), then
     * every field; {@code additional} marks the {@code additionalProperties} field.
     */
    private record Fields(Constructor<?> constructor, Constructor<?> allocator, Field[] fields, Class<?>[] listElements,
                          boolean[] additional) implements Plan {
        @Override
        public Object copy(Object value, boolean forStore) {
            return copy(value, true, forStore);
        }

        Object copy(Object value, boolean deep, boolean forStore) {
            try {
                Object copy = allocator != null ? allocator.newInstance() : constructor.newInstance();
                for (int i = 0; i < fields.length; i++) {
                    Object fieldValue = fields[i].get(value);
                    if (deep && listElements[i] != null && fieldValue instanceof List<?> list) {
                        fieldValue = deepList(list, PLANS.get(listElements[i]) instanceof Fields elements ? elements : null, forStore);
                    } else if (deep && forStore && additional[i] && fieldValue instanceof Map<?, ?> map && map.isEmpty()) {
                        fieldValue = Map.of();
                    } else if (deep) {
                        fieldValue = deep(fieldValue, forStore);
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
