package dev.peapod.spi;

import dev.peapod.events.EventRecorder;
import dev.peapod.store.ObjectStore;
import dev.peapod.time.EventLoop;
import dev.peapod.time.VirtualClock;
import dev.peapod.timeline.Timeline;
import org.apiguardian.api.API;

import java.util.Random;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

/**
 * What every component of a cluster shares: the clock and its loop, the store, the event recorder,
 * the timeline and the one seeded random source. Components talk to each other only through the
 * store, as in Kubernetes.
 */
@API(status = EXPERIMENTAL, since = "0.1")
public record ClusterContext(VirtualClock clock, EventLoop loop, ObjectStore store, EventRecorder events,
                             Timeline timeline, Random random) {
}
