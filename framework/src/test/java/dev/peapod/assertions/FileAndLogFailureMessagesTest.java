package dev.peapod.assertions;

import org.assertj.core.description.TextDescription;
import org.assertj.core.error.ErrorMessageFactory;
import org.assertj.core.presentation.StandardRepresentation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.BDDAssertions.then;

/** The exact text of the file and log failure factories, every variant (as AssertJ's *_create_Test do). */
class FileAndLogFailureMessagesTest {
    private static final Subject APP = Subject.pod("default", "web").container("app");
    private static final String TIMELINE = "  00:00:00  container app started\n  00:00:10  (now)";
    private static final String TAIL = "\nTimeline (virtual time):\n" + TIMELINE;

    @Test
    void shouldHaveFileSaysWhyAfterBut() {
        then(create(ShouldHaveFile.shouldHaveFile(APP, "/x", "file /x in container \"app\" of pod default/web does not exist", TIMELINE)))
                .isEqualTo("[web] Expecting container \"app\" of pod default/web to have file /x, but: file /x in container "
                        + "\"app\" of pod default/web does not exist" + TAIL);
    }

    @Test
    void shouldHaveFileContentQuotesBothTexts() {
        then(create(ShouldHaveFileContent.shouldHaveFileContent(APP, "/x", "a\n", "b", TIMELINE)))
                .isEqualTo("[web] Expecting file /x in container \"app\" of pod default/web to contain:\n  \"a\n\"\n"
                        + "but it contained:\n  \"b\"" + TAIL);
    }

    @Test
    void shouldHaveLogLineShowsTheLinesOrThatThereAreNone() {
        then(create(ShouldHaveLogLine.shouldHaveLogLine(APP, "ready", List.of("starting", "failed"), TIMELINE)))
                .isEqualTo("[web] Expecting the log of container \"app\" of pod default/web to have the line:\n  \"ready\"\n"
                        + "but its lines were:\n  starting\n  failed" + TAIL);
        then(create(ShouldHaveLogLine.shouldHaveLogLine(APP, "ready", List.of(), TIMELINE)))
                .isEqualTo("[web] Expecting the log of container \"app\" of pod default/web to have the line:\n  \"ready\"\n"
                        + "but it was empty." + TAIL);
        then(create(ShouldHaveLogLine.shouldHaveLogLine(APP, "ready",
                "container \"app\" in pod \"web\" is waiting to start: ContainerCreating", TIMELINE)))
                .isEqualTo("[web] Expecting the log of container \"app\" of pod default/web to have the line:\n  \"ready\"\n"
                        + "but there is none: container \"app\" in pod \"web\" is waiting to start: ContainerCreating" + TAIL);
    }

    private static String create(ErrorMessageFactory factory) {
        return factory.create(new TextDescription("web"), StandardRepresentation.STANDARD_REPRESENTATION);
    }
}
