package dev.peapod.time;

import java.time.Instant;
import java.util.Arrays;

/**
 * The {@link EventLoop}'s queue: timers in (instant, order added) order, keyed by primitives (issue #13:
 * no {@code HashMap<Instant, ...>}, no comparator over {@code Instant}s).
 *
 * <p>One bucket per instant holds that instant's timers as a linked FIFO (a timer links to the next,
 * so a bucket allocates no array). Work is only ever added after all work queued, so a bucket's FIFO
 * order is the order of scheduling and the whole queue is (instant, sequence) order. An instant is the
 * pair (epoch second, nano) compared as two primitives: exact over the whole {@code Instant} range,
 * where epoch nanos in a long would overflow after 2262 and nanos since the start after 292 years.
 * <ul>
 * <li>the buckets sit in a binary heap of parallel primitive arrays, earliest first: a sift compares
 * longs and ints and never touches a bucket;</li>
 * <li>an open-addressing table (linear probing, Fibonacci hashing, backward-shift deletion) finds an
 * instant's bucket;</li>
 * <li>a second heap holds the buckets with work that is not background, for the loop's idle jump;
 * a bucket is dropped from it when seen with none left (as the loop's old {@code PriorityQueue} did).</li>
 * </ul>
 * Emptied buckets are reused. Used only on the loop's thread.
 */
final class TimerQueue {
    /** One instant's timers, and how many of them are not background work (cancelled ones included). */
    private static final class Bucket {
        long second;
        int nano;
        /** The instant, as the first timer added here gave it. */
        Instant at;
        Timer first;
        Timer last;
        int foreground;
        /** In the table and the heap. */
        boolean queued;
        /** In {@link #foregroundHeap} (perhaps stale). */
        boolean inForegroundHeap;
        Bucket nextFree;
    }

    /** A binary min-heap of buckets by (second, nano), the keys copied into primitive arrays. */
    private static final class Heap {
        private long[] seconds = new long[16];
        private int[] nanos = new int[16];
        private Bucket[] buckets = new Bucket[16];
        private int size;

        Bucket peek() {
            return size == 0 ? null : buckets[0];
        }

        void push(Bucket bucket) {
            if (size == buckets.length) {
                int capacity = size * 2;
                seconds = Arrays.copyOf(seconds, capacity);
                nanos = Arrays.copyOf(nanos, capacity);
                buckets = Arrays.copyOf(buckets, capacity);
            }
            long second = bucket.second;
            int nano = bucket.nano;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(second, nano, seconds[parent], nanos[parent])) {
                    break;
                }
                seconds[i] = seconds[parent];
                nanos[i] = nanos[parent];
                buckets[i] = buckets[parent];
                i = parent;
            }
            seconds[i] = second;
            nanos[i] = nano;
            buckets[i] = bucket;
        }

        Bucket pop() {
            Bucket top = buckets[0];
            int n = --size;
            long second = seconds[n];
            int nano = nanos[n];
            Bucket moved = buckets[n];
            buckets[n] = null;
            if (n > 0) {
                int i = 0;
                int half = n >>> 1;
                while (i < half) {
                    int child = 2 * i + 1;
                    int right = child + 1;
                    if (right < n && before(seconds[right], nanos[right], seconds[child], nanos[child])) {
                        child = right;
                    }
                    if (!before(seconds[child], nanos[child], second, nano)) {
                        break;
                    }
                    seconds[i] = seconds[child];
                    nanos[i] = nanos[child];
                    buckets[i] = buckets[child];
                    i = child;
                }
                seconds[i] = second;
                nanos[i] = nano;
                buckets[i] = moved;
            }
            return top;
        }
    }

    /** How many emptied buckets are kept for reuse, at most. */
    private static final int POOL_LIMIT = 1024;

    private final Heap heap = new Heap();
    /** The buckets with work that is not background (stale entries are dropped when seen). */
    private final Heap foregroundHeap = new Heap();
    /** The table: an instant's slot holds its bucket, its key copied beside it. */
    private long[] tableSeconds = new long[64];
    private int[] tableNanos = new int[64];
    private Bucket[] table = new Bucket[64];
    private int tableShift = 64 - 6;
    private int tableSize;
    /** The bucket work was last added to: most work goes where the last did. */
    private Bucket lastAdded;
    private Bucket pool;
    private int pooled;

    static boolean before(long second, int nano, long otherSecond, int otherNano) {
        return second < otherSecond || (second == otherSecond && nano < otherNano);
    }

    /** Queues a timer at its instant, after every timer already queued there. */
    void add(Timer timer) {
        Instant at = timer.at;
        add(timer, bucket(at.getEpochSecond(), at.getNano(), at));
    }

    /**
     * Queues a timer at the instant (second, nano), after every timer already queued there, and sets its
     * instant: that of the instant's bucket if it has one, so a ticker's next tick makes no {@code Instant}
     * where another timer is queued at the same instant.
     */
    void add(Timer timer, long second, int nano) {
        Bucket bucket = bucket(second, nano, null);
        timer.at = bucket.at;
        add(timer, bucket);
    }

    /** The bucket of that instant, opened if there is none; {@code at}: that instant, or null to make it. */
    private Bucket bucket(long second, int nano, Instant at) {
        Bucket bucket = lastAdded;
        if (bucket == null || bucket.second != second || bucket.nano != nano) {
            bucket = find(second, nano);
            if (bucket == null) {
                bucket = open(second, nano, at != null ? at : Instant.ofEpochSecond(second, nano));
            }
            lastAdded = bucket;
        }
        return bucket;
    }

    private void add(Timer timer, Bucket bucket) {
        timer.next = null;
        if (bucket.last == null) {
            bucket.first = timer;
        } else {
            bucket.last.next = timer;
        }
        bucket.last = timer;
        if (!timer.background && bucket.foreground++ == 0 && !bucket.inForegroundHeap) {
            bucket.inForegroundHeap = true;
            foregroundHeap.push(bucket);
        }
    }

    /** The earliest queued timer, live or cancelled, or null; drops emptied buckets on the way. */
    Timer peek() {
        while (true) {
            Bucket head = heap.peek();
            if (head == null) {
                return null;
            }
            if (head.first != null) {
                return head.first;
            }
            release(heap.pop());
        }
    }

    /** After {@link #peek} returned a timer: whether its instant is not after (second, nano). */
    boolean headNotAfter(long second, int nano) {
        return !before(second, nano, heap.seconds[0], heap.nanos[0]);
    }

    /** Removes the timer {@link #peek} returned. */
    void poll() {
        Bucket head = heap.peek();
        Timer polled = head.first;
        head.first = polled.next;
        if (head.first == null) {
            head.last = null;
        }
        polled.next = null;
        if (!polled.background) {
            head.foreground--;
        }
    }

    /** The first instant with queued work that is not background; null when there is none. */
    Instant nextForeground() {
        Bucket first = dropStaleForeground();
        return first == null ? null : first.at;
    }

    /**
     * Pops the foreground heap's stale buckets (emptied, or with background work only) down to the
     * first live one, and returns that. Run whenever a bucket is released too, not only when the loop
     * asks: the loop asks only before an idle jump, and a heap pruned only then would grow by a bucket
     * per instant run for as long as the cluster is busy.
     */
    private Bucket dropStaleForeground() {
        while (true) {
            Bucket first = foregroundHeap.peek();
            if (first == null || (first.queued && first.foreground > 0)) {
                return first;
            }
            foregroundHeap.pop();
            first.inForegroundHeap = false;
            if (!first.queued) {
                free(first);
            }
        }
    }

    private Bucket open(long second, int nano, Instant at) {
        Bucket bucket = pool;
        if (bucket != null) {
            pool = bucket.nextFree;
            bucket.nextFree = null;
            pooled--;
        } else {
            bucket = new Bucket();
        }
        bucket.second = second;
        bucket.nano = nano;
        bucket.at = at;
        bucket.queued = true;
        insert(bucket);
        heap.push(bucket);
        return bucket;
    }

    /** The head bucket is empty: out of the table, and reused once no heap holds it. */
    private void release(Bucket bucket) {
        remove(bucket.second, bucket.nano);
        bucket.queued = false;
        if (bucket == lastAdded) {
            lastAdded = null;
        }
        if (bucket.inForegroundHeap) {
            dropStaleForeground(); // usually this very bucket, the earliest of both heaps
        } else {
            free(bucket);
        }
    }

    private void free(Bucket bucket) {
        bucket.at = null;
        bucket.first = null;
        bucket.last = null;
        bucket.foreground = 0;
        if (pooled < POOL_LIMIT) {
            bucket.nextFree = pool;
            pool = bucket;
            pooled++;
        }
    }

    private int slot(long second, int nano) {
        return (int) ((second * 0x9E3779B97F4A7C15L + nano * 0xC2B2AE3D27D4EB4FL) >>> tableShift);
    }

    private Bucket find(long second, int nano) {
        int mask = table.length - 1;
        for (int i = slot(second, nano); ; i = (i + 1) & mask) {
            Bucket bucket = table[i];
            if (bucket == null || (tableSeconds[i] == second && tableNanos[i] == nano)) {
                return bucket;
            }
        }
    }

    private void insert(Bucket bucket) {
        if (++tableSize > table.length >>> 1) {
            grow();
        }
        put(bucket);
    }

    private void put(Bucket bucket) {
        int mask = table.length - 1;
        int i = slot(bucket.second, bucket.nano);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        tableSeconds[i] = bucket.second;
        tableNanos[i] = bucket.nano;
        table[i] = bucket;
    }

    private void grow() {
        Bucket[] old = table;
        table = new Bucket[old.length * 2];
        tableSeconds = new long[table.length];
        tableNanos = new int[table.length];
        tableShift--;
        for (Bucket bucket : old) {
            if (bucket != null) {
                put(bucket);
            }
        }
    }

    /** Linear probing's deletion without tombstones: later entries of the probe chain move back into the hole. */
    private void remove(long second, int nano) {
        int mask = table.length - 1;
        int hole = slot(second, nano);
        while (tableSeconds[hole] != second || tableNanos[hole] != nano || table[hole] == null) {
            hole = (hole + 1) & mask;
        }
        for (int j = (hole + 1) & mask; table[j] != null; j = (j + 1) & mask) {
            int home = slot(tableSeconds[j], tableNanos[j]);
            if (((j - home) & mask) >= ((j - hole) & mask)) { // its home is not between the hole and it
                tableSeconds[hole] = tableSeconds[j];
                tableNanos[hole] = tableNanos[j];
                table[hole] = table[j];
                hole = j;
            }
        }
        table[hole] = null;
        tableSize--;
    }

    /** For tests: the buckets in the table. */
    int buckets() {
        return tableSize;
    }

    /** For tests: the buckets in the foreground heap, stale ones included. */
    int foregroundHeapSize() {
        return foregroundHeap.size;
    }
}
