package dev.peapod.runtime.shell;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Broken and unsupported scripts fail before they run, naming the construct and where it stands. */
class ShellSyntaxTest {
    private static Arguments row(String script, String construct, String message) {
        return Arguments.of(script, construct, message);
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                row("if true; then echo x", "end of script",
                        "line 1, column 21: syntax error: unexpected end of script (expecting \"fi\" to go with \"then\")"),
                row("if true; echo x; fi", "fi",
                        "line 1, column 18: syntax error: unexpected \"fi\" (expecting \"then\" to go with \"if\")"),
                row("while true; do echo x", "end of script",
                        "line 1, column 22: syntax error: unexpected end of script (expecting \"done\" to go with \"do\")"),
                row("for x in a b; echo $x; done", "echo",
                        "line 1, column 15: syntax error: unexpected \"echo\" (expecting \"do\" to go with \"for x\")"),
                row("for 1x in a; do echo; done", "1x",
                        "line 1, column 5: syntax error: \"for\" needs a variable name, not \"1x\""),
                row("case x in a) echo;;", "end of script",
                        "line 1, column 20: syntax error: unexpected end of script (expecting \"esac\")"),
                row("echo 'unterminated", "'",
                        "line 1, column 6: syntax error: unterminated quoted string (a ' has no closing ')"),
                row("echo \"unterminated", "\"",
                        "line 1, column 6: syntax error: unterminated quoted string (a \" has no closing \")"),
                row("echo $(echo x", "$(",
                        "line 1, column 6: syntax error: unterminated \"$(\" (no closing \")\")"),
                row("echo `echo x", "`",
                        "line 1, column 6: syntax error: unterminated command substitution (a ` has no closing `)"),
                row("echo ${X", "${",
                        "line 1, column 6: syntax error: unterminated \"${\" (no closing \"}\")"),
                row("{ echo x", "end of script",
                        "line 1, column 9: syntax error: unexpected end of script (expecting \"}\" to go with \"{\")"),
                row("( echo x", "end of script",
                        "line 1, column 9: syntax error: unexpected end of script (expecting \")\" to go with \"(\")"),
                row("echo x )", ")",
                        "line 1, column 8: syntax error: unexpected \")\""),
                row("fi", "fi",
                        "line 1, column 1: syntax error: unexpected \"fi\""),
                row("done", "done",
                        "line 1, column 1: syntax error: unexpected \"done\""),
                row("then echo", "then",
                        "line 1, column 1: syntax error: unexpected \"then\""),
                row("cat <<EOF", "<<",
                        "line 1, column 5: here-documents (\"<<\") are not supported by Peapod's shell; write the text with printf or echo and a pipe"),
                row("cat <<< \"x\"", "<<<",
                        "line 1, column 5: here-strings (\"<<<\") are not supported by Peapod's shell; write the text with printf or echo and a pipe"),
                row("diff <(ls) <(ls)", "<(",
                        "line 1, column 6: process substitution (\"<(\") is bash syntax that Peapod's shell does not support"),
                row("[[ -f /x && -f /y ]]", "&&",
                        "line 1, column 10: \"&&\" inside [[ ]] is not supported by Peapod's shell; write [ ... ] && [ ... ] or use test instead"),
                row("[[ $x =~ ^a ]]", "=~",
                        "line 1, column 7: \"=~\" (a regular expression match) inside [[ ]] is not supported by Peapod's shell; use grep -E instead"),
                row("[[ $x == a* ]]", "a*",
                        "line 1, column 10: a pattern after \"==\" inside [[ ]] is not supported by Peapod's shell; use case ... in pattern) ... esac instead"),
                row("[[ -f /x", "[[",
                        "line 1, column 9: syntax error: \"[[\" is not closed by \"]]\""),
                row("(( i++ ))", "((",
                        "line 1, column 1: the arithmetic command \"((...))\" is bash syntax that Peapod's shell does not support; use [ ... ] or $((...))"),
                row("function f { echo; }", "function",
                        "line 1, column 1: \"function\" is bash syntax that Peapod's shell does not support; write the script in POSIX sh"),
                row("arr=(a b c)", "=(",
                        "line 1, column 5: arrays (\"arr=(...)\") are bash syntax that Peapod's shell does not support"),
                row("echo ${X//a/b}", "${X//",
                        "line 1, column 6: the parameter expansion \"${X//...}\" is not supported by Peapod's shell; it knows ${X}, ${#X}, ${X:-d}, ${X-d}, ${X:=d}, ${X:+d} and ${X:?msg}"),
                row("echo ${X%.txt}", "${X%",
                        "line 1, column 6: the parameter expansion \"${X%...}\" is not supported by Peapod's shell; it knows ${X}, ${#X}, ${X:-d}, ${X-d}, ${X:=d}, ${X:+d} and ${X:?msg}"),
                row("echo ${!X}", "${!",
                        "line 1, column 6: indirect expansion (\"${!...}\") is bash syntax that Peapod's shell does not support"),
                row("echo $[1+1]", "$[",
                        "line 1, column 6: \"$[...]\" is obsolete bash arithmetic that Peapod's shell does not support; write $((...))"),
                row("ls &> /dev/null", "&>",
                        "line 1, column 4: \"&>\" is bash syntax that Peapod's shell does not support; write \"> file 2>&1\""),
                row("ls |& grep x", "|&",
                        "line 1, column 4: \"|&\" is bash syntax that Peapod's shell does not support; write \"2>&1 |\""),
                row("echo x >| f", ">|",
                        "line 1, column 8: \">|\" (noclobber override) is not supported by Peapod's shell; write \">\""),
                row("echo x && ", "end of script",
                        "line 1, column 11: syntax error: unexpected end of script"),
                row("| grep x", "|",
                        "line 1, column 1: syntax error: unexpected \"|\""),
                row("echo x ;; ", ";;",
                        "line 1, column 8: syntax error: unexpected \";;\""),
                row("if then fi", "then",
                        "line 1, column 4: syntax error: unexpected \"then\" (a command must follow \"if\")"),
                row("while do done", "do",
                        "line 1, column 7: syntax error: unexpected \"do\" (a command must follow \"while\")"),
                row("echo >", "end of script",
                        "line 1, column 7: syntax error: unexpected end of script (a file name must follow \">\")"),
                row("select x in a; do echo; done", "select",
                        "line 1, column 1: \"select\" is bash syntax that Peapod's shell does not support; write the script in POSIX sh")        );
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refuses(String script, String construct, String message) {
        ShellException e = catchThrowableOfType(() -> new ShellProgram(List.of("sh", "-c", script), "p", Network.none()),
                ShellException.class);

        assertThat(e).as(script).isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
        assertThat(e.construct()).isEqualTo(construct);
    }

    @Test
    void positions_count_lines_and_columns_of_multi_line_scripts() {
        assertThatThrownBy(() -> Parser.parse("echo a\nif true; then\n  echo b\nfix"))
                .isInstanceOf(ShellException.class)
                .hasMessage("line 4, column 4: syntax error: unexpected end of script (expecting \"fi\" to go with \"then\")");
        ShellException e = catchThrowableOfType(() -> Parser.parse("echo ok\n  cat <<EOF\nx\nEOF"), ShellException.class);
        assertThat(List.of(e.line(), e.column())).containsExactly(2, 7);
    }

    @Test
    void a_script_in_bash_minus_c_or_with_options_is_checked_too() {
        assertThatThrownBy(() -> new ShellProgram(List.of("/bin/bash", "-ec", "[[ -f x || -f y ]]"), "p", Network.none()))
                .hasMessage("line 1, column 9: \"||\" inside [[ ]] is not supported by Peapod's shell; write [ ... ] || [ ... ] or use test instead");
    }

    @Test
    void what_the_grammar_allows_parses() {
        for (String script : List.of("", "# only a comment", "echo a; echo b\n\necho c", "a=1 b=2 env", "f() { echo; }",
                "case $x in (a|b) echo;; esac", "for i; do :; done", "while :; do break; done & wait",
                "echo \"$(echo \"nested\")\"", "x=$((1 + (2 * 3)))", "[ -f /x ] || { echo no; exit 1; }",
                "if a; then b; elif c; then d; else e; fi > /dev/null 2>&1", "echo a\\\nb", "! grep -q x /f")) {
            Parser.parse(script);
        }
    }
}
