package dev.peapod.assertions;

import java.time.Duration;

/**
 * All the options of one wait, in one record (STYLE: not a constructor argument per option).
 *
 * @param alias  names the wait in its timeout message
 * @param atMost the most virtual time the wait may let pass
 */
record WaitSettings(String alias, Duration atMost) {

    WaitSettings withAtMost(Duration limit) {
        return new WaitSettings(alias, limit);
    }
}
