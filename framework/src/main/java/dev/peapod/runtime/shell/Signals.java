package dev.peapod.runtime.shell;

import java.util.List;

/** Signal names and numbers as kill(1) and trap spell them (Linux x86 numbering). */
final class Signals {
    private static final List<String> NAMES = List.of("", "HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
            "USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM");

    private Signals() {
    }

    static int number(String name) {
        return NAMES.indexOf(name);
    }

    /** TERM from TERM, SIGTERM, sigterm or 15; null when it is no signal this shell knows. */
    static String name(String spec) {
        String s = spec.toUpperCase(java.util.Locale.ROOT);
        if (s.startsWith("SIG")) {
            s = s.substring(3);
        }
        if (s.equals("EXIT") || s.equals("0")) {
            return "EXIT";
        }
        if (s.chars().allMatch(Character::isDigit) && !s.isEmpty()) {
            int n = Integer.parseInt(s);
            return n > 0 && n < NAMES.size() ? NAMES.get(n) : null;
        }
        return NAMES.contains(s) && !s.isEmpty() ? s : null;
    }
}
