package dev.peapod.cucumber;

import org.apiguardian.api.API;


/**
 * A pod as a step names it: {@code "web"}, in the scenario's namespace, or {@code "e2e/web"}, as
 * kubectl prints a namespaced name.
 *
 * @param namespace null: the scenario's namespace ({@code Given the namespace "e2e" is used}), else {@code default}
 */
@API(status = API.Status.EXPERIMENTAL, since = "0.1")
public record PodName(String namespace, String name) {
    public PodName {
        dev.peapod.core.Checks.notNull(name, "name");
    }

    /** {@code web} or {@code e2e/web}. */
    public static PodName parse(String text) {
        dev.peapod.core.Checks.notNull(text, "text");
        int slash = text.indexOf('/');
        if (slash < 0) {
            return new PodName(null, text);
        }
        if (slash == 0 || slash == text.length() - 1 || text.indexOf('/', slash + 1) >= 0) {
            throw new dev.peapod.core.PeapodException("pod \"" + text + "\" must be a name, or namespace/name as in \"e2e/web\"");
        }
        return new PodName(text.substring(0, slash), text.substring(slash + 1));
    }

    @Override
    public String toString() {
        return namespace == null ? name : namespace + "/" + name;
    }
}
