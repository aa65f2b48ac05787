package dev.peapod.cucumber;

import dev.peapod.core.PeapodException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A kubectl command line as the kubectl steps take it: the words split as a shell splits them, the verb,
 * its arguments and its flags. Only the verbs and flags Peapod answers as kubectl does are taken; any other
 * is refused by name, never ignored.
 *
 * @param verb      {@code get}, {@code apply}, ...
 * @param arguments the words that are not flags, in order
 * @param flags     each flag given, by its long name, with its value ({@code "true"} for a bare boolean flag)
 */
record KubectlCommand(String verb, List<String> arguments, Map<String, String> flags) {

    /** A flag: its long name, its one-letter name (or none), and whether it is a switch. */
    private record Flag(String name, String shorthand, boolean bool) {
        String written() {
            return shorthand == null ? "--" + name : "-" + shorthand + "/--" + name;
        }
    }

    private static final Flag NAMESPACE = new Flag("namespace", "n", false);

    /** Each verb's flags besides {@code -n/--namespace}, as kubectl v1.20 names them. */
    private static final Map<String, List<Flag>> VERBS = verbs();

    private static Map<String, List<Flag>> verbs() {
        Map<String, List<Flag>> verbs = new TreeMap<>();
        verbs.put("annotate", List.of(new Flag("overwrite", null, true)));
        verbs.put("apply", List.of(new Flag("filename", "f", false), new Flag("server-side", null, true),
                new Flag("force-conflicts", null, true), new Flag("field-manager", null, false),
                new Flag("validate", null, false)));
        verbs.put("delete", List.of(new Flag("wait", null, true), new Flag("grace-period", null, false),
                new Flag("force", null, true), new Flag("selector", "l", false)));
        verbs.put("describe", List.of());
        verbs.put("get", List.of(new Flag("output", "o", false), new Flag("selector", "l", false),
                new Flag("all-namespaces", "A", true), new Flag("show-labels", null, true), new Flag("watch", "w", true),
                new Flag("watch-only", null, true)));
        verbs.put("label", List.of(new Flag("overwrite", null, true)));
        verbs.put("logs", List.of(new Flag("container", "c", false), new Flag("previous", "p", true),
                new Flag("tail", null, false), new Flag("follow", "f", true)));
        verbs.put("patch", List.of(new Flag("patch", "p", false), new Flag("type", null, false)));
        verbs.put("rollout", List.of(new Flag("timeout", null, false)));
        verbs.put("scale", List.of(new Flag("replicas", null, false)));
        verbs.put("wait", List.of(new Flag("for", null, false), new Flag("timeout", null, false)));
        return verbs;
    }

    /** The flag's value, or {@code fallback} when it was not given. */
    String flag(String name, String fallback) {
        return flags.getOrDefault(name, fallback);
    }

    boolean has(String name) {
        return flags.containsKey(name);
    }

    /** A switch: given bare or {@code =true}. */
    boolean isOn(String name, boolean fallback) {
        return flags.containsKey(name) ? Boolean.parseBoolean(flags.get(name)) : fallback;
    }

    /**
     * Parses {@code kubectl <verb> [arguments and flags]}.
     *
     * @throws PeapodException naming what Peapod's kubectl steps do not take: another program, another verb or flag,
     *                         an unclosed quote
     */
    static KubectlCommand parse(String line) {
        List<String> words = words(line);
        if (words.isEmpty() || !words.get(0).equals("kubectl")) {
            throw new PeapodException("\"" + line + "\" is not a kubectl command: the kubectl steps run only \"kubectl ...\"");
        }
        Map<String, String> flags = new LinkedHashMap<>();
        int first = globalFlags(line, words, flags);
        if (first >= words.size()) {
            throw new PeapodException("\"" + line + "\": name the command: kubectl [-n NAMESPACE] "
                    + String.join("|", VERBS.keySet()) + " ...");
        }
        String verb = words.get(first);
        List<Flag> known = VERBS.get(verb);
        if (known == null) {
            throw new PeapodException("\"kubectl " + verb + "\" is not one of the commands Peapod's kubectl steps run: "
                    + String.join(", ", VERBS.keySet()));
        }
        List<Flag> all = new ArrayList<>(known);
        all.add(NAMESPACE);
        List<String> arguments = new ArrayList<>();
        for (int i = first + 1; i < words.size(); i++) {
            String word = words.get(i);
            if (!word.startsWith("-") || word.equals("-")) {
                arguments.add(word);
                continue;
            }
            String name;
            String value = null;
            if (word.startsWith("--")) {
                int equals = word.indexOf('=');
                name = equals < 0 ? word.substring(2) : word.substring(2, equals);
                value = equals < 0 ? null : word.substring(equals + 1);
            } else {
                name = word.substring(1, 2);
                String rest = word.substring(2);
                value = rest.isEmpty() ? null : rest.startsWith("=") ? rest.substring(1) : rest;
            }
            Flag flag = find(all, name, word.startsWith("--"))
                    .orElseThrow(() -> new PeapodException("\"kubectl " + verb + "\" in Peapod's kubectl steps does not take "
                            + word.replaceFirst("=.*", "") + "; it takes " + describe(all)));
            if (flag.bool()) {
                if (value != null && !value.equals("true") && !value.equals("false")) {
                    throw new PeapodException("--" + flag.name() + " of \"kubectl " + verb + "\" is true or false, not \"" + value + "\"");
                }
                value = value == null ? "true" : value;
            } else if (value == null) {
                if (i + 1 >= words.size()) {
                    throw new PeapodException("flag " + word + " of \"kubectl " + verb + "\" needs a value");
                }
                value = words.get(++i);
            }
            if (flags.put(flag.name(), value) != null) {
                throw new PeapodException("\"kubectl " + verb + "\": give --" + flag.name() + " once");
            }
        }
        return new KubectlCommand(verb, List.copyOf(arguments), flags);
    }

    /** kubectl v1.20's global flags other than -n/--namespace: taken before the verb by kubectl, not by Peapod's steps. */
    private static final Set<String> GLOBAL = Set.of("add-dir-header", "alsologtostderr", "as", "as-group", "cache-dir",
            "certificate-authority", "client-certificate", "client-key", "cluster", "context", "insecure-skip-tls-verify",
            "kubeconfig", "log-backtrace-at", "log-dir", "log-file", "log-file-max-size", "log-flush-frequency",
            "logtostderr", "match-server-version", "one-output", "password", "profile", "profile-output", "request-timeout",
            "s", "server", "skip-headers", "skip-log-headers", "stderrthreshold", "tls-server-name", "token", "user",
            "username", "v", "vmodule", "warnings-as-errors");

    /**
     * The flags before the verb: {@code -n NAMESPACE}, {@code --namespace=NAMESPACE} (kubectl's global flags may come
     * first); returns the index of the verb. Another flag there is kubectl's plugin error (cmd.go: cobra does not find
     * the command, the plugin handler refuses a flag before the plugin's name).
     */
    private static int globalFlags(String line, List<String> words, Map<String, String> flags) {
        int i = 1;
        while (i < words.size() && words.get(i).startsWith("-") && !words.get(i).equals("-")) {
            String word = words.get(i);
            String name = word.startsWith("--") ? word.substring(2).replaceFirst("=.*", "") : word.substring(1, 2);
            String value;
            if (name.equals("namespace") || name.equals("n")) {
                int equals = word.indexOf('=');
                if (equals > 0) {
                    value = word.substring(equals + 1);
                } else if (!word.startsWith("--") && word.length() > 2) {
                    value = word.substring(2);
                } else if (i + 1 < words.size()) {
                    value = words.get(++i);
                } else {
                    throw new PeapodException("flag " + word + " of \"" + line + "\" needs a value");
                }
                if (flags.put("namespace", value) != null) {
                    throw new PeapodException("\"" + line + "\": give --namespace once");
                }
            } else if (GLOBAL.contains(name)) {
                throw new PeapodException("\"" + line + "\": Peapod's kubectl steps take -n/--namespace before the verb, "
                        + "not kubectl's other global flags such as " + word.replaceFirst("=.*", ""));
            } else {
                throw new Kubectl.Failure("Error: flags cannot be placed before plugin name: " + word);
            }
            i++;
        }
        return i;
    }

    private static java.util.Optional<Flag> find(List<Flag> flags, String name, boolean longForm) {
        return flags.stream().filter(f -> longForm ? f.name().equals(name) : name.equals(f.shorthand())).findFirst();
    }

    private static String describe(List<Flag> flags) {
        return String.join(", ", flags.stream().map(Flag::written).toList());
    }

    /**
     * The words of a command line as a POSIX shell splits them: blanks separate words, single quotes keep
     * everything, double quotes keep everything but {@code \"} and {@code \\}, a backslash outside quotes
     * keeps the next character.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'' || c == '"') {
                int end = line.indexOf(c, i + 1);
                while (c == '"' && end > 0 && backslashes(line, end) % 2 == 1) {
                    end = line.indexOf(c, end + 1);
                }
                if (end < 0) {
                    throw new PeapodException("the command line has an unclosed " + (c == '\'' ? "single" : "double")
                            + " quote: " + line);
                }
                String quoted = line.substring(i + 1, end);
                word.append(c == '"' ? quoted.replaceAll("\\\\([\"\\\\$`])", "$1") : quoted);
                inWord = true;
                i = end;
            } else if (c == '\\' && i + 1 < line.length()) {
                word.append(line.charAt(++i));
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else if (SHELL_OPERATORS.contains(c)) {
                throw new PeapodException("the kubectl steps run one kubectl command, without the shell's " + c
                        + " (quote it if it is part of a word): " + line);
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    private static final Set<Character> SHELL_OPERATORS = Set.of('|', ';', '&', '<', '>', '`', '$');

    private static int backslashes(String line, int before) {
        int count = 0;
        for (int i = before - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count;
    }
}
