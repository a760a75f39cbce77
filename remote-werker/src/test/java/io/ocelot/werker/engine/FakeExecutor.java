package io.ocelot.werker.engine;

import io.ocelot.core.protocol.Messages.LogStream;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An executor without processes, for engine tests: each stage's lines are read by a small interpreter of the part of
 * {@code sh -e} the stage-semantics contract ({@link StageSemanticsContract}) uses, so the same scripts mean the same
 * on the fake and on the real executors. The contract runs on all three: the fake cannot drift from what Docker and
 * the host shell do.
 *
 * <p>Understood, one command per line: {@code echo WORDS [>&2]} (with {@code $VAR} and {@code ${VAR}} from the
 * stage's env, quotes removed), {@code seq A B}, {@code sleep N}, {@code true}, {@code false}, {@code exit N},
 * {@code while :; do sleep N; done}, {@code trap 'echo WORDS; exit N' TERM} and {@code trap '' TERM}. Anything else
 * fails the stage with exit 127 and says so on stderr, as a shell would for an unknown command. Signals follow the
 * shell: SIGTERM runs the trap (or is ignored, or ends the stage with 143), SIGKILL ends it with 137 at once.
 */
final class FakeExecutor implements Executor {
    private static final Pattern TRAP = Pattern.compile("trap '(.*)' TERM");
    private static final Pattern VAR = Pattern.compile("\\$\\{(\\w+)}|\\$(\\w+)");

    @Override
    public Session open(BuildRequest request, Path workspace, Consumer<String> system, Cancellation stop) {
        system.accept("$ fake session for build " + request.buildId());
        return new Session() {
            @Override
            public RunningStage start(int index, String script, Map<String, String> env, String workdir,
                                      StageOutput output) {
                FakeStage stage = new FakeStage(script.lines().toList(), env, output);
                Thread t = new Thread(stage::run, "fake-stage-" + index);
                t.setDaemon(true);
                t.start();
                return RunningStage.of(stage.exit, stage::signal);
            }

            @Override
            public void close() {
            }
        };
    }

    /** One stage's "process": its lines, its trap, and the signals sent to it. */
    private static final class FakeStage {
        private final List<String> lines;
        private final Map<String, String> env;
        private final StageOutput output;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        /** null: default SIGTERM action; empty: ignored; else the trap's commands. */
        private List<String> trap;
        private boolean termPending;

        FakeStage(List<String> lines, Map<String, String> env, StageOutput output) {
            this.lines = lines;
            this.env = env;
            this.output = output;
        }

        void run() {
            try {
                for (String line : lines) {
                    Integer code = command(line.strip());
                    if (code != null && code != 0) {
                        end(code);
                        return;
                    }
                    if (exit.isDone()) {
                        return;
                    }
                }
                end(0);
            } catch (Ended e) {
                end(e.code);
            } catch (InterruptedException e) {
                end(137);
            }
        }

        /** Runs one line; returns its exit code (null: 0), or throws {@link Ended} for {@code exit} and signals. */
        private Integer command(String line) throws InterruptedException {
            if (line.isEmpty()) {
                return 0;
            }
            Matcher trapped = TRAP.matcher(line);
            if (trapped.matches()) {
                synchronized (this) {
                    trap = trapped.group(1).isEmpty() ? List.of() : List.of(trapped.group(1).split(";\\s*"));
                }
                return 0;
            }
            if (line.equals("while :; do sleep 1; done")) {
                sleep(Long.MAX_VALUE);
                return 0;
            }
            String[] words = line.split("\\s+", 2);
            String rest = words.length > 1 ? words[1] : "";
            switch (words[0]) {
                case "true":
                    return 0;
                case "false":
                    return 1;
                case "exit":
                    throw new Ended(Integer.parseInt(rest.strip()));
                case "sleep":
                    sleep(TimeUnit.SECONDS.toMillis(Long.parseLong(rest.strip())));
                    return 0;
                case "seq": {
                    String[] ab = rest.strip().split("\\s+");
                    StringBuilder b = new StringBuilder();
                    for (long i = Long.parseLong(ab[0]); i <= Long.parseLong(ab[1]); i++) {
                        b.append(i).append('\n');
                    }
                    write(LogStream.STDOUT, b.toString());
                    return 0;
                }
                case "echo": {
                    boolean toStderr = rest.endsWith(">&2");
                    String text = toStderr ? rest.substring(0, rest.length() - 3).strip() : rest;
                    write(toStderr ? LogStream.STDERR : LogStream.STDOUT, expand(unquote(text)) + "\n");
                    return 0;
                }
                default:
                    write(LogStream.STDERR, "sh: " + words[0] + ": not found (the fake executor does not know it)\n");
                    return 127;
            }
        }

        private void write(LogStream stream, String text) {
            if (!exit.isDone()) {
                output.write(stream, text.getBytes(StandardCharsets.UTF_8));
            }
        }

        private String expand(String text) {
            Matcher m = VAR.matcher(text);
            StringBuilder b = new StringBuilder();
            while (m.find()) {
                String name = m.group(1) != null ? m.group(1) : m.group(2);
                m.appendReplacement(b, Matcher.quoteReplacement(env.getOrDefault(name, "")));
            }
            m.appendTail(b);
            return b.toString();
        }

        private static String unquote(String text) {
            return text.replace("\"", "").replace("'", "");
        }

        /** Waits, and acts on a SIGTERM that arrives meanwhile as the shell would. */
        private void sleep(long millis) throws InterruptedException {
            long until = millis == Long.MAX_VALUE ? Long.MAX_VALUE : System.currentTimeMillis() + millis;
            List<String> handler;
            synchronized (this) {
                while (true) {
                    if (exit.isDone()) {
                        throw new Ended(exit.getNow(137));
                    }
                    if (termPending) {
                        termPending = false;
                        if (trap == null) {
                            throw new Ended(143);
                        }
                        if (!trap.isEmpty()) {
                            handler = new ArrayList<>(trap);
                            break;
                        }
                    }
                    long left = until - System.currentTimeMillis();
                    if (left <= 0) {
                        return;
                    }
                    wait(Math.min(left, 1000));
                }
            }
            for (String c : handler) {
                Integer code = command(c.strip());
                if (code != null && code != 0) {
                    throw new Ended(code);
                }
            }
        }

        void signal(boolean kill) {
            if (kill) {
                end(137);
            }
            synchronized (this) {
                termPending = !kill || termPending;
                notifyAll();
            }
        }

        private void end(int code) {
            exit.complete(code);
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** The stage's shell ends with this code. */
    private static final class Ended extends RuntimeException {
        final int code;

        Ended(int code) {
            super(null, null, false, false);
            this.code = code;
        }
    }
}
