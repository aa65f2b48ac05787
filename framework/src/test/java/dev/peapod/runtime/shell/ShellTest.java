package dev.peapod.runtime.shell;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every construct and command, run as {@code sh -c '...'} in a container with busybox's messages:
 * the exact log lines ("out: " stdout, "err: " stderr) and the exit code; RUNNING when the script
 * still runs after 100 virtual seconds.
 */
class ShellTest {
    static final int RUNNING = -1;

    /** Port 8080 answers "hello" on / and 404 elsewhere; nothing else listens. */
    static final Network NETWORK = (host, port, path) -> port == 8080
            ? Optional.of(new Network.Reply(path.equals("/") ? 200 : 404, "hello\n")) : Optional.empty();

    static FakeProcess run(String script) {
        FakeProcess process = new FakeProcess();
        new ShellProgram(List.of("sh", "-c", script), "web-0", NETWORK).onStart(process);
        process.loop.advance(Duration.ofSeconds(100));
        return process;
    }

    private static Arguments row(String script, int exitCode, String... log) {
        return Arguments.of(script, exitCode, List.of(log));
    }

    static Stream<Arguments> scripts() {
        return Stream.of(
                row("echo hello   world; echo \"a  b\" 'c  d' a\\ b", 0,
                        "out: hello world",
                        "out: a  b c  d a b"),
                row("echo -n no-newline; echo -e 'a\\tb'; echo 'a\\nb'", 0,
                        "out: no-newlinea\tb",
                        "out: a\\nb"),
                row("X=5; echo $X ${X} ${Y:-def} ${Y-unset} ${X:+alt} ${#X} \"$X\"; echo ${Z:=zed} $Z", 0,
                        "out: 5 5 def unset alt 1 5",
                        "out: zed zed"),
                row("set -- a 'b c' d; echo $# $1 \"$2\"; for a in \"$@\"; do echo \"[$a]\"; done; shift; echo $*", 0,
                        "out: 3 a b c",
                        "out: [a]",
                        "out: [b c]",
                        "out: [d]",
                        "out: b c d"),
                row("true && echo yes || echo no; false && echo yes || echo no; false || false; echo $?", 0,
                        "out: yes",
                        "out: no",
                        "out: 1"),
                row("! false; echo $?; ! true; echo $?", 0,
                        "out: 0",
                        "out: 1"),
                row("echo abc | grep -c b; printf 'b\\na\\nb\\n' | grep -v a | wc -l", 0,
                        "out: 1",
                        "out: 2"),
                row("if [ 1 -eq 2 ]; then echo one; elif test a = a; then echo two; else echo three; fi", 0,
                        "out: two"),
                row("i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done; until [ $i -eq 0 ]; do i=$((i-1)); done; echo $i", 0,
                        "out: 0",
                        "out: 1",
                        "out: 2",
                        "out: 0"),
                row("for x in a b c; do echo $x; done; for f in /etc/*; do echo $f; done", 0,
                        "out: a",
                        "out: b",
                        "out: c",
                        "out: /etc/passwd"),
                row("for w in one two three; do case $w in one|two) echo \"$w: small\";; t*) echo \"$w: t\";; *) echo other;; esac; done", 0,
                        "out: one: small",
                        "out: two: small",
                        "out: three: t"),
                row("{ echo g1; echo g2; } > /tmp/g; cat /tmp/g; (cd /etc; pwd); pwd", 0,
                        "out: g1",
                        "out: g2",
                        "out: /etc",
                        "out: /"),
                row("(exit 3); echo $?; (X=inner); echo \"X=${X-unset}\"", 0,
                        "out: 3",
                        "out: X=unset"),
                row("echo $(echo sub) `echo tick` \"$(printf 'a\\n\\n')\" end", 0,
                        "out: sub tick a end"),
                row("echo one > /tmp/f; echo two >> /tmp/f; cat /tmp/f; wc -l /tmp/f; wc -l < /tmp/f; wc /tmp/f; echo hi there | wc -w", 0,
                        "out: one",
                        "out: two",
                        "out:       2 /tmp/f",
                        "out: 2",
                        "out:       2       2       8 /tmp/f",
                        "out: 2"),
                row("echo $((7 / 2)) $((7 % 3)) $((2 > 1)) $((1 + 2 * 3)) $(( -4 + 10 ))", 0,
                        "out: 3 1 1 7 6"),
                row("echo x 2>/dev/null >/dev/null; ls /nope 2>&1 | head -n 1; cat /nope 2>/dev/null || echo failed", 0,
                        "out: ls: /nope: No such file or directory",
                        "out: failed"),
                row("trap 'echo bye' EXIT; echo hi", 0,
                        "out: hi",
                        "out: bye"),
                row("f() { echo \"in f $1 $#\"; return 4; }; f arg; echo $?", 0,
                        "out: in f arg 1",
                        "out: 4"),
                row("for i in 1 2 3; do for j in a b; do [ $j = b ] && continue 2; echo $i$j; done; done; while true; do while true; do break 2; done; done; echo out", 0,
                        "out: 1a",
                        "out: 2a",
                        "out: 3a",
                        "out: out"),
                row("echo a:b:c | grep -q b && echo found; echo ABC | grep -i abc; grep -c root /etc/passwd; grep nothing /etc/passwd; echo $?; grep x /nope; echo $?", 0,
                        "out: found",
                        "out: ABC",
                        "out: 1",
                        "out: 1",
                        "err: grep: /nope: No such file or directory",
                        "out: 2"),
                row("printf '%s=%d\\n' a 1 b 2; printf 'x%5sy%-3sz\\n' ab c; printf '%05d|%x|%o|%%|%c\\n' 42 255 8 hello; printf 'no newline'", 0,
                        "out: a=1",
                        "out: b=2",
                        "out: x   abyc  z",
                        "out: 00042|ff|10|%|h",
                        "out: no newline"),
                row("mkdir -p /a/b && touch /a/b/c && ls /a /a/b; mkdir /a; mkdir /x/y; echo $?", 0,
                        "out: /a:",
                        "out: b",
                        "out: ",
                        "out: /a/b:",
                        "out: c",
                        "err: mkdir: can't create directory '/a': File exists",
                        "err: mkdir: can't create directory '/x/y': No such file or directory",
                        "out: 1"),
                row("touch /tmp/t1; cp /tmp/t1 /tmp/t2; mv /tmp/t2 /tmp/t3; ls /tmp; rm /tmp/t1 /tmp/t3; ls /tmp; rm /tmp; rm -r /tmp; ls /", 0,
                        "out: t1",
                        "out: t3",
                        "err: rm: '/tmp' is a directory",
                        "out: etc",
                        "out: work"),
                row("echo data > /tmp/d; ls -l /tmp; ls -la /tmp/d", 0,
                        "out: total 4",
                        "out: -rw-r--r--    1 root     root             5 Dec  4 08:58 d",
                        "out: -rw-r--r--    1 root     root             5 Dec  4 08:58 /tmp/d"),
                row("rm /nope; echo $?; rm -f /nope; echo $?; cat /nope; echo $?", 0,
                        "err: rm: can't remove '/nope': No such file or directory",
                        "out: 1",
                        "out: 0",
                        "err: cat: can't open '/nope': No such file or directory",
                        "out: 1"),
                row("seq 1 5 | tail -n 2; seq 3 | head -n 1; seq 10 | tail -3; head -n 1 /etc/passwd", 0,
                        "out: 4",
                        "out: 5",
                        "out: 1",
                        "out: 8",
                        "out: 9",
                        "out: 10",
                        "out: root:x:0:0:root:/root:/bin/sh"),
                row("export A=1; B=2; env | grep -e '^[AB]='; unset A; echo \"A=${A-gone}\"", 0,
                        "out: A=1",
                        "out: A=gone"),
                row("hostname; date; date +%Y-%m-%dT%H:%M:%S; date +%s", 0,
                        "out: web-0",
                        "out: Fri Dec  4 08:58:39 UTC 2026",
                        "out: 2026-12-04T08:58:39",
                        "out: 1796374719"),
                row("echo line1 > /tmp/r; echo 'line 2' >> /tmp/r; while read l; do echo \"got $l\"; done < /tmp/r; read a b < /tmp/r; echo \"$a|$b\"", 0,
                        "out: got line1",
                        "out: got line 2",
                        "out: line1|"),
                row("cd /tmp && pwd && echo x > rel && cat /tmp/rel; cd /nowhere; echo $?", 0,
                        "out: /tmp",
                        "out: x",
                        "err: sh: cd: can't cd to /nowhere: No such file or directory",
                        "out: 2"),
                row("foo; echo $?; /app/server --port 8080; echo $?", 0,
                        "err: sh: foo: not found",
                        "out: 127",
                        "err: sh: /app/server: not found",
                        "out: 127"),
                row("exec echo replaced; echo never", 0,
                        "out: replaced"),
                row("exit 7", 7),
                row("set -e; echo before; false; echo notreached", 1,
                        "out: before"),
                row("set -e; if false; then :; fi; false || true; echo survived", 0,
                        "out: survived"),
                row("ps; sleep 100 & ps; kill $!; wait; echo $?", 0,
                        "out: PID   USER     TIME  COMMAND",
                        "out:     1 root      0:00 sh -c ps; sleep 100 & ps; kill $!; wait; echo $?",
                        "out:     2 root      0:00 ps",
                        "out: PID   USER     TIME  COMMAND",
                        "out:     1 root      0:00 sh -c ps; sleep 100 & ps; kill $!; wait; echo $?",
                        "out:     3 root      0:00 sh -c ps; sleep 100 & ps; kill $!; wait; echo $?",
                        "out:     4 root      0:00 ps",
                        "out: 0"),
                row("kill -9 99; echo $?", 0,
                        "err: sh: can't kill pid 99: No such process",
                        "out: 1"),
                row("wget -q -O- http://localhost:8080/; wget -q -O- http://localhost:8080/x; echo $?; wget -q -O- http://other:81/; echo $?", 0,
                        "out: hello",
                        "err: wget: server returned error: HTTP/1.1 404 Not Found",
                        "out: 1",
                        "err: wget: can't connect to remote host (other): Connection refused",
                        "out: 1"),
                row("curl -s http://localhost:8080/; curl -sf http://localhost:8080/missing; echo $?; curl -sS http://localhost:9/; echo $?; curl -fsS http://localhost:8080/missing; echo $?", 0,
                        "out: hello",
                        "out: 22",
                        "err: curl: (7) Failed to connect to localhost port 9 after 0 ms: Couldn't connect to server",
                        "out: 7",
                        "err: curl: (22) The requested URL returned error: 404",
                        "out: 22"),
                row("wget -O /tmp/page http://localhost:8080/ 2>&1; cat /tmp/page", 0,
                        "out: Connecting to localhost:8080 (localhost:8080)",
                        "out: saving to '/tmp/page'",
                        "out: hello"),
                row("test -f /etc/passwd && echo file; test -d /etc && echo dir; [ -z \"\" ] && echo empty; [ -n x ] && echo nonempty; [ ! -e /nope ] && echo absent; [ a != b -a 1 -lt 2 ] && echo both", 0,
                        "out: file",
                        "out: dir",
                        "out: empty",
                        "out: nonempty",
                        "out: absent",
                        "out: both"),
                row("[ 1 -eq x ]; echo $?; [ 1 = 1; echo $?", 0,
                        "err: sh: [: bad number",
                        "out: 2",
                        "err: sh: [: missing ]",
                        "out: 2"),
                row("eval 'echo evaluated $((1+1))'; sh -c 'echo \"nested $0 $1\"; exit 3' zero one; echo $?", 0,
                        "out: evaluated 2",
                        "out: nested zero one",
                        "out: 3"),
                row("bash -c 'nothere'; echo $?", 0,
                        "err: sh: nothere: not found",
                        "out: 127"),
                row("echo ~ ~/x \"~\"", 0,
                        "out: /root /root/x ~"),
                row("tail -f /etc/passwd", RUNNING,
                        "out: root:x:0:0:root:/root:/bin/sh"),
                row("sleep infinity", RUNNING),
                row("true", 0)
        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scripts")
    void runs(String script, int exitCode, List<String> log) {
        FakeProcess process = run(script);

        assertThat(process.log).isEqualTo(log);
        assertThat(process.exitCode == null ? RUNNING : process.exitCode).isEqualTo(exitCode);
    }
}
