package dev.peapod.runtime.images;

import dev.peapod.runtime.Program;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The images Peapod knows without being told: their config (entrypoint, cmd, env) as their
 * Dockerfiles set it, the files a spec is likely to read, and their programs. Versions: nginx
 * 1.27.4 on Debian bookworm (nginxinc/docker-nginx mainline/debian/Dockerfile; a tag such as
 * {@code 1.27.5} puts its own version in the error pages), httpd 2.4, Debian 12, Ubuntu 24.04,
 * Alpine 3.21, agnhost 2.5x on Alpine.
 */
final class BuiltInProfiles {
    static final String PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    static final String NGINX_VERSION = "1.27.4";
    private static final Pattern VERSION = Pattern.compile("^(\\d+\\.\\d+\\.\\d+)");

    /** nginx's welcome page (nginx: docs/html/index.html at release-1.27.5, byte for byte). */
    static final String NGINX_INDEX = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Welcome to nginx!</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>Welcome to nginx!</h1>
            <p>If you see this page, the nginx web server is successfully installed and
            working. Further configuration is required.</p>

            <p>For online documentation and support please refer to
            <a href="http://nginx.org/">nginx.org</a>.<br/>
            Commercial support is available at
            <a href="http://nginx.com/">nginx.com</a>.</p>

            <p><em>Thank you for using nginx.</em></p>
            </body>
            </html>
            """;

    /** nginx's 50x page (nginx: docs/html/50x.html at release-1.27.5). */
    static final String NGINX_50X = """
            <!DOCTYPE html>
            <html>
            <head>
            <title>Error</title>
            <style>
            html { color-scheme: light dark; }
            body { width: 35em; margin: 0 auto;
            font-family: Tahoma, Verdana, Arial, sans-serif; }
            </style>
            </head>
            <body>
            <h1>An error occurred.</h1>
            <p>Sorry, the page you are looking for is currently unavailable.<br/>
            Please try again later.</p>
            <p>If you are the system administrator of this resource then you should check
            the error log for details.</p>
            <p><em>Faithfully yours, nginx.</em></p>
            </body>
            </html>
            """;

    /** httpd's htdocs/index.html (httpd: docs/docroot/index.html at 2.4.62; trunk has a longer page). */
    static final String HTTPD_INDEX = "<html><body><h1>It works!</h1></body></html>\n";

    static final String DEBIAN_OS_RELEASE = """
            PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"
            NAME="Debian GNU/Linux"
            VERSION_ID="12"
            VERSION="12 (bookworm)"
            VERSION_CODENAME=bookworm
            ID=debian
            HOME_URL="https://www.debian.org/"
            SUPPORT_URL="https://www.debian.org/support"
            BUG_REPORT_URL="https://bugs.debian.org/"
            """;

    static final String UBUNTU_OS_RELEASE = """
            PRETTY_NAME="Ubuntu 24.04.2 LTS"
            NAME="Ubuntu"
            VERSION_ID="24.04"
            VERSION="24.04.2 LTS (Noble Numbat)"
            VERSION_CODENAME=noble
            ID=ubuntu
            ID_LIKE=debian
            HOME_URL="https://www.ubuntu.com/"
            SUPPORT_URL="https://help.ubuntu.com/"
            BUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"
            PRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"
            UBUNTU_CODENAME=noble
            LOGO=ubuntu-logo
            """;

    static final String ALPINE_OS_RELEASE = """
            NAME="Alpine Linux"
            ID=alpine
            VERSION_ID=3.21.3
            PRETTY_NAME="Alpine Linux v3.21"
            HOME_URL="https://alpinelinux.org/"
            BUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"
            """;

    private BuiltInProfiles() {
    }

    static List<ImageProfile> all() {
        return List.of(pause(), busybox(), alpine(), debian(), ubuntu(), nginx(), httpd(), agnhost());
    }

    /** registry.k8s.io/pause (kubernetes: build/pause/Dockerfile, ENTRYPOINT ["/pause"]; no shell). */
    static ImageProfile pause() {
        return ImageProfile.of("registry.k8s.io/pause", "k8s.gcr.io/pause")
                .withEntrypoint("/pause")
                .withEnv("PATH", PATH)
                .withOnSigterm(OnSigterm.exit(0))
                .withPrograms(launch -> launch.executable().equals("pause") ? Optional.of(new PauseProgram()) : Optional.empty());
    }

    /** busybox: CMD ["sh"]; busybox's sh as PID 1 ignores SIGTERM. */
    static ImageProfile busybox() {
        // the Kubernetes docs' pods use the project's mirrors of it
        return shellImage(ImageProfile.of("busybox", "registry.k8s.io/busybox", "k8s.gcr.io/busybox", "gcr.io/google-containers/busybox",
                "registry.k8s.io/e2e-test-images/busybox").withCmd("sh"));
    }

    /** alpine: CMD ["/bin/sh"]. */
    static ImageProfile alpine() {
        return shellImage(ImageProfile.of("alpine").withCmd("/bin/sh")
                .withFile("/etc/os-release", ImageFile.of(ALPINE_OS_RELEASE))
                .withFile("/etc/alpine-release", ImageFile.of("3.21.3\n")));
    }

    /** debian: CMD ["bash"]. */
    static ImageProfile debian() {
        return shellImage(ImageProfile.of("debian").withCmd("bash")
                .withFile("/etc/os-release", ImageFile.of(DEBIAN_OS_RELEASE)));
    }

    /** ubuntu: CMD ["/bin/bash"]. */
    static ImageProfile ubuntu() {
        return shellImage(ImageProfile.of("ubuntu").withCmd("/bin/bash")
                .withFile("/etc/os-release", ImageFile.of(UBUNTU_OS_RELEASE)));
    }

    private static ImageProfile shellImage(ImageProfile profile) {
        return profile.withEnv("PATH", PATH).withOnSigterm(OnSigterm.ignore()).withPrograms(Shells::program);
    }

    /**
     * nginx (nginxinc/docker-nginx mainline/debian/Dockerfile): ENTRYPOINT ["/docker-entrypoint.sh"],
     * CMD ["nginx", "-g", "daemon off;"]; the entrypoint script ends in {@code exec "$@"}, so what
     * follows it is the program. STOPSIGNAL SIGQUIT (line 143): the runtime stops it with nginx's
     * graceful quit; like SIGTERM's fast shutdown, it ends in exit 0.
     */
    static ImageProfile nginx() {
        return ImageProfile.of("nginx")
                .withEntrypoint("/docker-entrypoint.sh")
                .withCmd("nginx", "-g", "daemon off;")
                .withEnv("PATH", PATH)
                .withEnv("NGINX_VERSION", NGINX_VERSION)
                .withEnv("NJS_VERSION", "0.8.9")
                .withEnv("NJS_RELEASE", "1~bookworm")
                .withEnv("PKG_RELEASE", "1~bookworm")
                .withEnv("DYNPKG_RELEASE", "1~bookworm")
                .withFile(NginxProgram.ROOT + "/index.html", ImageFile.of(NGINX_INDEX))
                .withFile(NginxProgram.ROOT + "/50x.html", ImageFile.of(NGINX_50X))
                .withFile("/etc/os-release", ImageFile.of(DEBIAN_OS_RELEASE))
                .withOnSigterm(OnSigterm.exit(0))
                .withStopSignal(dev.peapod.runtime.Signal.SIGQUIT)
                .withPrograms(BuiltInProfiles::nginxProgram);
    }

    private static Optional<Program> nginxProgram(Launch launch) {
        List<String> line = launch.commandLine();
        if (!line.isEmpty() && line.get(0).equals("/docker-entrypoint.sh")) {
            if (line.size() == 1) {
                return Optional.empty(); // exec with nothing: the script ends with 0, not simulated
            }
            return nginxProgram(launch.withCommandLine(line.subList(1, line.size())));
        }
        if (launch.executable().equals("nginx") || launch.executable().equals("nginx-debug")) {
            // -s, -t, -T, -v, -V, -h, -q do their job and exit: not the server
            boolean server = line.stream().skip(1).noneMatch(arg -> arg.matches("-[sStTvVhq?]+"));
            return server ? Optional.of(new NginxProgram(nginxVersion(launch.image()), Shells.forExec(launch))) : Optional.empty();
        }
        return Shells.program(launch);
    }

    /** The version a tag names ({@code 1.27.5}, {@code 1.27.5-alpine}), else the profile's. */
    static String nginxVersion(String image) {
        Matcher m = VERSION.matcher(ImageReference.parse(image).tag());
        return m.find() ? m.group(1) : NGINX_VERSION;
    }

    /**
     * httpd (docker-library/httpd 2.4/Dockerfile): CMD ["httpd-foreground"], a script that ends in
     * {@code exec httpd -DFOREGROUND "$@"}; WORKDIR /usr/local/apache2; STOPSIGNAL SIGWINCH, httpd's
     * graceful stop, which ends in exit 0 as SIGTERM does.
     */
    static ImageProfile httpd() {
        return ImageProfile.of("httpd")
                .withCmd("httpd-foreground")
                .withEnv("PATH", "/usr/local/apache2/bin:" + PATH)
                .withEnv("HTTPD_PREFIX", "/usr/local/apache2")
                .withFile(HttpdProgram.ROOT + "/index.html", ImageFile.of(HTTPD_INDEX))
                .withFile("/etc/os-release", ImageFile.of(DEBIAN_OS_RELEASE))
                .withOnSigterm(OnSigterm.exit(0))
                .withStopSignal(dev.peapod.runtime.Signal.SIGWINCH)
                .withPrograms(launch -> {
                    String name = launch.executable();
                    if (name.equals("httpd-foreground") || name.equals("httpd") && launch.commandLine().contains("-DFOREGROUND")) {
                        return Optional.of(new HttpdProgram(Shells.forExec(launch)));
                    }
                    return Shells.program(launch);
                });
    }

    /**
     * agnhost (kubernetes: test/images/agnhost/Dockerfile): ENTRYPOINT ["/agnhost"], CMD ["pause"];
     * its default command is {@code agnhost pause}, which exits 2 on SIGTERM.
     */
    static ImageProfile agnhost() {
        return ImageProfile.of("registry.k8s.io/e2e-test-images/agnhost", "k8s.gcr.io/e2e-test-images/agnhost",
                        "gcr.io/kubernetes-e2e-test-images/agnhost")
                .withEntrypoint("/agnhost")
                .withCmd("pause")
                .withEnv("PATH", PATH)
                .withFile("/etc/os-release", ImageFile.of(ALPINE_OS_RELEASE))
                .withFile("/etc/alpine-release", ImageFile.of("3.21.3\n"))
                .withOnSigterm(OnSigterm.exit(2))
                .withPrograms(Agnhost::program);
    }

    /** Whether a command line names one of the shells ({@code sh}, {@code bash}, {@code ash}, any directory). */
    static boolean isShell(Launch launch) {
        return Set.of("sh", "bash", "ash").contains(launch.executable());
    }
}
