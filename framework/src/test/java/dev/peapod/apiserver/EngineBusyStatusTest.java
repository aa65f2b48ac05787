package dev.peapod.apiserver;

import dev.peapod.store.ApiException;
import dev.peapod.time.EngineLock;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A request that waited in vain for the engine answers upstream's 504 Timeout, with Peapod's reason. */
class EngineBusyStatusTest {
    @Test
    void aRequestThatWaitedInVainForTheEngineIsA504Timeout() {
        Thread home = new Thread(() -> { }, "main");
        ApiException answer = ResourceDispatcher.internal(
                new EngineLock.EngineBusyException("POST /api/v1/namespaces/default/pods", home, Duration.ofSeconds(30)));
        assertThat(answer.code()).isEqualTo(504);
        assertThat(answer.reason()).isEqualTo("Timeout");
        assertThat(answer.getMessage()).isEqualTo("Timeout: POST /api/v1/namespaces/default/pods waited 30s for the"
                + " cluster's engine, which thread \"main\" kept all that time without settling or advancing; let time pass"
                + " on that thread (cluster.settle() or cluster.advance(..)) before it waits for a client, or call the client from it");
    }
}
