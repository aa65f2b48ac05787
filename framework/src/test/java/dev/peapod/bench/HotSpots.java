package dev.peapod.bench;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's profile switch ({@code -Dexec.args="scale 1000 profile"}): records the run with Java
 * Flight Recorder's {@code profile} settings and prints the hot-spot table issue #13 asks for: the
 * methods the samples were in (self), and the first Peapod method on each sampled stack (where the
 * engine's own code spent it, library calls below it included). The recording stays on disk for
 * {@code jfr print} or JDK Mission Control.
 */
final class HotSpots implements AutoCloseable {
    private static final int ROWS = 25;
    private final Recording recording;

    private HotSpots(Recording recording) {
        this.recording = recording;
    }

    static HotSpots start() {
        try {
            Recording recording = new Recording(Configuration.getConfiguration("profile"));
            recording.setName("peapod-bench");
            recording.start();
            return new HotSpots(recording);
        } catch (IOException | ParseException e) {
            throw new IllegalStateException("cannot start Java Flight Recorder", e);
        }
    }

    @Override
    public void close() {
        recording.stop();
        try {
            Path file = Files.createTempFile("peapod-bench-", ".jfr");
            recording.dump(file);
            recording.close();
            print(file);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the flight recording", e);
        }
    }

    private static void print(Path file) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> engine = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            RecordedStackTrace stack = event.getStackTrace();
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0)), 1, Integer::sum);
            for (RecordedFrame frame : frames) {
                if (frame.getMethod().getType().getName().startsWith("dev.peapod.")
                        && !frame.getMethod().getType().getName().startsWith("dev.peapod.bench.")) {
                    engine.merge(name(frame), 1, Integer::sum);
                    break;
                }
            }
        }
        System.out.printf(Locale.ROOT, "%nHot spots: %,d samples (JFR 'profile' settings), recording %s%n", samples, file);
        table("first Peapod method on the stack", engine, samples);
        table("self (the sampled method)", self, samples);
    }

    private static void table(String title, Map<String, Integer> counts, int samples) {
        System.out.printf(Locale.ROOT, "| %-80s | %6s |%n|%s|%s|%n", title, "share", "-".repeat(82), "-".repeat(8));
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(ROWS)
                .forEach(e -> System.out.printf(Locale.ROOT, "| %-80s | %5.1f%% |%n", e.getKey(), 100.0 * e.getValue() / samples));
    }

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.replace("dev.peapod.", "") + "." + frame.getMethod().getName();
    }
}
