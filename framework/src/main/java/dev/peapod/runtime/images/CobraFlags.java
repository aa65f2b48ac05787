package dev.peapod.runtime.images;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An agnhost subcommand's flags as cobra and pflag parse them: {@code --name=value} or
 * {@code --name value}, booleans alone, defaults for the rest; klog's persistent flags are accepted
 * and ignored (agnhost.go adds them to the root command). The first problem is cobra's error text.
 */
final class CobraFlags {
    /** klog.InitFlags: agnhost accepts them on every subcommand. */
    private static final Set<String> KLOG = Set.of("v", "vmodule", "logtostderr", "alsologtostderr", "log_dir", "log_file",
            "log_file_max_size", "one_output", "skip_headers", "skip_log_headers", "stderrthreshold", "add_dir_header",
            "log_backtrace_at");

    private final Map<String, String> values;
    private final String error;

    private CobraFlags(Map<String, String> values, String error) {
        this.values = values;
        this.error = error;
    }

    /**
     * @param args     the words after the subcommand
     * @param defaults every flag with its default, in declaration order
     * @param ints     the flags that take an int
     * @param bools    the flags that take a bool
     */
    static CobraFlags parse(List<String> args, Map<String, String> defaults, Set<String> ints, Set<String> bools) {
        Map<String, String> values = new LinkedHashMap<>(defaults);
        int positional = 0;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--") || arg.equals("--")) {
                if (arg.startsWith("-") && arg.length() > 1 && !arg.equals("--")) {
                    return failed("unknown shorthand flag: '" + arg.charAt(1) + "' in " + arg);
                }
                positional++;
                continue;
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            boolean klog = KLOG.contains(name);
            if (!defaults.containsKey(name) && !klog) {
                return failed("unknown flag: --" + name);
            }
            if (value == null && !bools.contains(name)) {
                if (i + 1 >= args.size()) {
                    return failed("flag needs an argument: --" + name);
                }
                value = args.get(++i);
            }
            if (value == null) {
                value = "true";
            }
            if (ints.contains(name) && !value.matches("[-+]?[0-9]+")) {
                return failed("invalid argument \"" + value + "\" for \"--" + name + "\" flag: strconv.ParseInt: parsing \""
                        + value + "\": invalid syntax");
            }
            if (bools.contains(name) && !Set.of("true", "false", "1", "0", "t", "f", "TRUE", "FALSE", "True", "False", "T", "F").contains(value)) {
                return failed("invalid argument \"" + value + "\" for \"--" + name + "\" flag: strconv.ParseBool: parsing \""
                        + value + "\": invalid syntax");
            }
            if (!klog) {
                values.put(name, value);
            }
        }
        if (positional > 0) {
            return failed("accepts at most 0 arg(s), received " + positional); // cobra.MaximumNArgs(0)
        }
        return new CobraFlags(values, null);
    }

    private static CobraFlags failed(String error) {
        return new CobraFlags(Map.of(), error);
    }

    /** Cobra's error, printed as {@code Error: ...}; empty when the flags parsed. */
    Optional<String> error() {
        return Optional.ofNullable(error);
    }

    String string(String name) {
        return values.get(name);
    }

    int integer(String name) {
        return Integer.parseInt(values.get(name).replace("+", ""));
    }

    boolean bool(String name) {
        return Set.of("true", "1", "t", "TRUE", "True", "T").contains(values.get(name));
    }
}
