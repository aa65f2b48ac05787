package dev.peapod.runtime.images;

import dev.peapod.runtime.ExecResult;
import dev.peapod.runtime.Response;
import dev.peapod.runtime.shell.ShellProgram;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.peapod.runtime.images.Images.program;
import static dev.peapod.runtime.images.Images.run;
import static org.assertj.core.api.Assertions.assertThat;

/** nginx and httpd serve their html roots from the container's files, with their own error pages. */
class NginxAndHttpdTest {
    // nginx: src/http/ngx_http_special_response.c, ngx_http_error_404_page + ngx_http_error_full_tail
    private static final String NGINX_404 = "<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n"
            + "<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.4</center>\r\n</body>\r\n</html>\r\n";

    @Test
    void nginxServesItsWelcomePageOnPort80() {
        // given
        FakeProcess nginx = run("nginx");

        // when
        Response root = nginx.get(80, "/");

        // then
        assertThat(root.httpStatus()).isEqualTo(200);
        assertThat(root.output()).isEqualTo(BuiltInProfiles.NGINX_INDEX).startsWith("<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>")
                .endsWith("<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n").hasSize(615);
        assertThat(nginx.get(80, "/index.html").output()).isEqualTo(BuiltInProfiles.NGINX_INDEX);
        assertThat(nginx.get(80, "/?probe=1").httpStatus()).isEqualTo(200);
        assertThat(nginx.get(80, "/50x.html").output()).contains("<h1>An error occurred.</h1>");
        assertThat(nginx.listening).containsExactly(80);
        assertThat(nginx.log).isEmpty();
    }

    @Test
    void nginxAnswersItsOwn404PageNamingItsVersion() {
        assertThat(run("nginx").get(80, "/healthz").httpStatus()).isEqualTo(404);
        assertThat(run("nginx").get(80, "/healthz").output()).isEqualTo(NGINX_404);
        assertThat(run("nginx:1.27.5", null, null).get(80, "/x").output()).contains("<hr><center>nginx/1.27.5</center>\r\n");
        assertThat(run("nginx:1.27.5-alpine", null, null).get(80, "/x").output()).contains("<hr><center>nginx/1.27.5</center>\r\n");
    }

    @Test
    void nginxServesWhatIsInItsHtmlRootNow() {
        // given: an init container or a sidecar wrote the page into the shared volume
        FakeProcess nginx = run("nginx").write("/usr/share/nginx/html/index.html", "Hello from the debian container\n")
                .write("/usr/share/nginx/html/docs/a.txt", "a\n").mkdirs("/usr/share/nginx/html/empty");

        // then
        assertThat(nginx.get(80, "/").output()).isEqualTo("Hello from the debian container\n");
        assertThat(nginx.get(80, "/docs/a.txt").output()).isEqualTo("a\n");
        assertThat(nginx.get(80, "/docs").httpStatus()).isEqualTo(301);
        assertThat(nginx.get(80, "/empty/").httpStatus()).isEqualTo(403);
        assertThat(nginx.get(80, "/empty/").output()).startsWith("<html>\r\n<head><title>403 Forbidden</title></head>\r\n");
    }

    @Test
    void nginxAcceptsTcpOn80AndNothingElse() {
        FakeProcess nginx = run("nginx");

        assertThat(nginx.tcp(80).refused()).isFalse();
        assertThat(nginx.tcp(8080).refused()).isTrue();
        assertThat(nginx.get(8080, "/").refused()).isTrue();
    }

    @Test
    void nginxExitsZeroAtOnceOnSigterm() {
        FakeProcess nginx = run("nginx").sigterm();

        assertThat(nginx.exitCode).isZero();
        assertThat(nginx.exitedAt).isEqualTo(FakeProcess.T0);
    }

    @Test
    void nginxSQuitThroughExecEndsTheServerWithZero() {
        // given
        FakeProcess nginx = run("nginx").advance(Duration.ofSeconds(5));

        // when
        ExecResult result = nginx.exec("nginx", "-s", "quit");

        // then
        assertThat(result).isEqualTo(ExecResult.of(0, ""));
        assertThat(nginx.exitCode).isZero();
        assertThat(nginx.exitedAfterSeconds()).isEqualTo(5);
    }

    @Test
    void nginxSReloadKeepsItRunningAndABadSignalFails() {
        FakeProcess nginx = run("nginx");

        assertThat(nginx.exec("/usr/sbin/nginx", "-s", "reload")).isEqualTo(ExecResult.of(0, ""));
        assertThat(nginx.exec("nginx", "-s", "restart")).isEqualTo(ExecResult.of(1, "nginx: invalid option: \"-s restart\"\n"));
        assertThat(nginx.exec("nginx", "-s")).isEqualTo(ExecResult.of(1, "nginx: option \"-s\" requires parameter\n"));
        assertThat(nginx.exitCode).isNull();
    }

    @Test
    void otherExecCommandsRunInTheImagesShellOnItsFiles() {
        FakeProcess nginx = run("nginx");

        assertThat(nginx.exec("cat", "/etc/os-release").output()).startsWith("PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
        assertThat(nginx.exec("cat", "/tmp/healthy").exitCode()).isEqualTo(1);
        assertThat(nginx.exec("sh", "-c", "test -f /usr/share/nginx/html/index.html").exitCode()).isZero();
    }

    @Test
    void nginxFailsWhenAnotherContainerHoldsPort80() {
        // given
        FakeProcess nginx = new FakeProcess();
        nginx.takenByOthers.add(80);

        // when
        nginx.start(program("nginx", null, null).orElseThrow()).advance(Duration.ofSeconds(3));

        // then: ngx_open_listening_sockets tries 5 times, 500 ms apart
        assertThat(nginx.exitCode).isEqualTo(1);
        assertThat(Duration.between(FakeProcess.T0, nginx.exitedAt)).isEqualTo(Duration.ofMillis(2500));
        assertThat(nginx.log).hasSize(6).endsWith("err: nginx: [emerg] still could not bind()")
                .startsWith("err: nginx: [emerg] bind() to 0.0.0.0:80 failed (98: Address already in use)");
    }

    @Test
    void whatFollowsTheEntrypointScriptIsTheProgram() {
        assertThat(program("nginx", List.of("nginx", "-g", "daemon off;"), null)).containsInstanceOf(NginxProgram.class);
        assertThat(program("nginx", null, List.of("sh", "-c", "echo hi"))).containsInstanceOf(ShellProgram.class);
        assertThat(program("nginx", List.of("sh", "-c", "echo hi"), null)).containsInstanceOf(ShellProgram.class);
        assertThat(program("nginx", null, List.of("nginx-debug", "-g", "daemon off;"))).containsInstanceOf(NginxProgram.class);
        assertThat(program("nginx", null, List.of("nginx", "-v"))).isEmpty();
        assertThat(program("nginx", List.of("/docker-entrypoint.sh"), null)).isEmpty();
        assertThat(program("nginx", List.of("/app/server"), null)).isEmpty();
    }

    @Test
    void httpdServesItWorksAndApaches404() {
        FakeProcess httpd = run("httpd:2.4");

        assertThat(httpd.get(80, "/").output()).isEqualTo("<html><body><h1>It works!</h1></body></html>\n");
        assertThat(httpd.get(80, "/missing").httpStatus()).isEqualTo(404);
        // httpd: modules/http/http_protocol.c ap_send_error_response and get_canned_error_string (2.4.62)
        assertThat(httpd.get(80, "/missing").output()).isEqualTo("""
                <!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">
                <html><head>
                <title>404 Not Found</title>
                </head><body>
                <h1>Not Found</h1>
                <p>The requested URL was not found on this server.</p>
                </body></html>
                """);
        assertThat(httpd.sigterm().exitCode).isZero();
    }

    @Test
    void httpdRunsForItsForegroundCommandsOnly() {
        assertThat(program("httpd", List.of("httpd", "-DFOREGROUND"), null)).containsInstanceOf(HttpdProgram.class);
        assertThat(program("httpd", List.of("httpd", "-t"), null)).isEmpty();
        assertThat(program("httpd", List.of("sh", "-c", "sleep 1"), null)).containsInstanceOf(ShellProgram.class);
    }
}
