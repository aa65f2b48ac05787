package dev.peapod.store;

import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.RandomAccess;

/**
 * The list {@link ObjectStore#list} returns: the matching stored objects, each copied the first time
 * the list hands it out ({@code get}, an iterator, a stream), so that listing 10,000 pods to count them
 * or to read three copies no more than it reads (issue #13: "Lists return shared immutable views or
 * copy lazily"). Stored objects never change, so a copy made late holds what the store held when the
 * list was made. The same element read twice is the same copy; the list is an ordinary mutable list
 * (set, add, remove, sort), and nothing done to it or to its elements reaches the store.
 */
final class ListedCopies<T> extends AbstractList<T> implements RandomAccess {
    /** A stored object not handed out yet. */
    private record Stored(Object object) {
    }

    /** Per position: a {@link Stored} not yet copied, or the element itself (a copy, or what a caller put there). */
    private final List<Object> slots;

    ListedCopies(List<?> stored) {
        slots = new ArrayList<>(stored.size());
        for (Object object : stored) {
            slots.add(new Stored(object));
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public T get(int index) {
        Object slot = slots.get(index);
        if (slot instanceof Stored stored) {
            Object copy = Copies.copy(stored.object());
            slots.set(index, copy);
            return (T) copy;
        }
        return (T) slot;
    }

    /**
     * The etcd key of an element ({@code namespace/name}, or the name of a cluster-scoped object) read
     * without copying it: for a page of a long list, which needs the keys of all and copies of a few.
     */
    String key(int index, boolean namespaced) {
        Object slot = slots.get(index);
        HasMetadata object = (HasMetadata) (slot instanceof Stored stored ? stored.object() : slot);
        return namespaced ? object.getMetadata().getNamespace() + "/" + object.getMetadata().getName()
                : object.getMetadata().getName();
    }

    @Override
    public int size() {
        return slots.size();
    }

    @Override
    public T set(int index, T element) {
        T previous = get(index);
        slots.set(index, element);
        return previous;
    }

    @Override
    public void add(int index, T element) {
        slots.add(index, element);
        modCount++;
    }

    @Override
    public T remove(int index) {
        T removed = get(index);
        slots.remove(index);
        modCount++;
        return removed;
    }
}
