package dev.peapod.runtime.shell;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A shell's variables, the exported ones, positional parameters, working directory and options. */
final class Env {
    final Map<String, String> vars;        // insertion order: env lists them in the order they were set
    final Set<String> exported;
    List<String> positional;
    String arg0;
    String cwd;
    boolean errexit;
    int lastStatus;
    int lastBackground = -1;

    Env(Map<String, String> vars, Set<String> exported, List<String> positional, String arg0, String cwd) {
        this.vars = new LinkedHashMap<>(vars);
        this.exported = new LinkedHashSet<>(exported);
        this.positional = new ArrayList<>(positional);
        this.arg0 = arg0;
        this.cwd = cwd;
    }

    /** A subshell's copy: changes in it do not reach the parent. */
    Env copy() {
        Env copy = new Env(vars, exported, positional, arg0, cwd);
        copy.errexit = errexit;
        copy.lastStatus = lastStatus;
        copy.lastBackground = lastBackground;
        return copy;
    }

    String get(String name) {
        return vars.get(name);
    }

    void set(String name, String value) {
        vars.put(name, value);
    }

    void unset(String name) {
        vars.remove(name);
        exported.remove(name);
    }
}
