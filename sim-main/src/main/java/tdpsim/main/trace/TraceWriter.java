package tdpsim.main.trace;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.ArrayList;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.IOResult;
import org.apache.pekko.stream.QueueOfferResult;
import org.apache.pekko.stream.javadsl.FileIO;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import tdpsim.actors.trace.TraceKind;
import tdpsim.actors.trace.Tracer;

/**
 * {@code run --trace FILE}: the machine's events as JSON lines, written off the simulation's threads through a
 * Pekko Streams pipeline (bounded queue, encode, file sink) on a small actor system of its own.
 *
 * <p>Each line: {@code t} (virtual ns), {@code mode}, {@code kind}, {@code vm}, {@code entity}, {@code id}, then the
 * kind's fields (docs/report-format.md). Events past {@code limit} are counted, not written. When the queue is
 * full the event is dropped and counted; with {@code backpressure} (the {@code --deterministic} runs) the caller
 * waits instead and the lines are sorted into design, time and text order before they are written, so two
 * deterministic runs write byte-identical files (the vCPUs of one window may interleave differently). The last line is a {@code trace-end}
 * summary with the counts.
 */
public final class TraceWriter implements Tracer, AutoCloseable {
  /** Events buffered between the simulation and the file. */
  static final int BUFFER = 8192;

  private static final JsonFactory JSON = JsonFactory.builder().build();

  private final Set<TraceKind> kinds;
  private final long limit;
  private final boolean backpressure;
  private final ActorSystem system;
  private final BoundedSourceQueue<Line> queue;
  private final CompletionStage<IOResult> done;
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong dropped = new AtomicLong();
  private final AtomicLong overLimit = new AtomicLong();
  private volatile String mode = "";
  private volatile int modeIndex = -1;

  /** One encoded line with its sort key: the design's position in the run, then virtual time. */
  record Line(int modeIndex, long timeNs, ByteString bytes) {}

  /** Canonical order of a deterministic trace: design, virtual time, then the line's bytes. */
  static int compare(Line x, Line y) {
    int c = Integer.compare(x.modeIndex, y.modeIndex);
    if (c == 0) {
      c = Long.compare(x.timeNs, y.timeNs);
    }
    for (int i = 0; c == 0 && i < Math.min(x.bytes.size(), y.bytes.size()); i++) {
      c = Byte.compare(x.bytes.apply(i), y.bytes.apply(i));
    }
    return c != 0 ? c : Integer.compare(x.bytes.size(), y.bytes.size());
  }

  /**
   * @param kinds the kinds to write (empty: all)
   * @param limit events written at most
   * @param backpressure wait for room instead of dropping (deterministic runs)
   */
  public TraceWriter(Path file, Set<TraceKind> kinds, long limit, boolean backpressure) {
    this.kinds = kinds.isEmpty() ? EnumSet.allOf(TraceKind.class) : EnumSet.copyOf(kinds);
    this.limit = limit;
    this.backpressure = backpressure;
    this.system = ActorSystem.create("tdpsim-trace", ConfigFactory.parseString(
        "pekko.loglevel = WARNING\npekko.stdout-loglevel = WARNING\npekko.log-dead-letters = off\n"
            + "pekko.coordinated-shutdown.run-by-jvm-shutdown-hook = off\npekko.daemonic = on")
        .withFallback(ConfigFactory.defaultReference()));
    // Deterministic runs replay the same events, but entities of one window may interleave differently from one
    // run to the next; a deterministic trace is therefore sorted (in the stream, off the simulation threads)
    // into design, time, text order before it is written. Otherwise lines go out as they come.
    // With --trace-limit reached, it keeps the first events of that order (a bounded heap), not the first to come.
    Flow<Line, Line, NotUsed> order = backpressure
        ? Flow.<Line>create()
            .fold(new PriorityQueue<Line>((x, y) -> compare(y, x)), (kept, line) -> {
              if (line.modeIndex() == Integer.MAX_VALUE) {
                return kept;
              }
              kept.add(line);
              if (kept.size() > limit) {
                kept.poll();
                overLimit.incrementAndGet();
              }
              return kept;
            })
            .mapConcat(kept -> {
              List<Line> sorted = new ArrayList<>(kept);
              sorted.sort(TraceWriter::compare);
              sorted.add(new Line(Integer.MAX_VALUE, Long.MAX_VALUE, trailer(sorted.size(), 0, overLimit.get())));
              return sorted;
            })
        : Flow.<Line>create();
    var pair = Source.<Line>queue(BUFFER)
        .via(order)
        .map(Line::bytes)
        .toMat(FileIO.toPath(file), Keep.both())
        .run(system);
    this.queue = pair.first();
    this.done = pair.second();
  }

  /** The design whose events follow; written on every line. */
  public void mode(String mode) {
    this.mode = mode;
    this.modeIndex++;
  }

  @Override
  public void event(TraceKind kind, long timeNs, int vm, String entity, int id, long a, long b, long c,
      String detail) {
    if (!kinds.contains(kind)) {
      return;
    }
    if (accepted.incrementAndGet() > limit && !backpressure) {
      accepted.decrementAndGet();
      overLimit.incrementAndGet();
      return;
    }
    offer(new Line(modeIndex, timeNs, line(gen -> {
      gen.writeNumberField("t", timeNs);
      gen.writeStringField("mode", mode);
      gen.writeStringField("kind", kind.wireName());
      gen.writeNumberField("vm", vm);
      gen.writeStringField("entity", entity);
      gen.writeNumberField("id", id);
      if (kind.fieldA() != null) {
        gen.writeNumberField(kind.fieldA(), a);
      }
      if (kind.fieldB() != null) {
        gen.writeNumberField(kind.fieldB(), b);
      }
      if (kind.fieldC() != null) {
        gen.writeNumberField(kind.fieldC(), c);
      }
      if (kind.fieldDetail() != null) {
        gen.writeStringField(kind.fieldDetail(), detail);
      }
    })));
  }

  private void offer(Line line) {
    while (true) {
      QueueOfferResult r = queue.offer(line);
      if (r == QueueOfferResult.enqueued()) {
        return;
      }
      if (!backpressure || r != QueueOfferResult.dropped()) {
        dropped.incrementAndGet();
        return;
      }
      LockSupport.parkNanos(50_000);
    }
  }

  /** Events written (or queued to be). */
  public long written() {
    return accepted.get() - dropped.get();
  }

  /** Events dropped because the queue was full. */
  public long dropped() {
    return dropped.get();
  }

  /** Events left out past the limit. */
  public long overLimit() {
    return overLimit.get();
  }

  /** Writes the summary line, completes the stream, waits for the file and stops the stream's actor system. */
  @Override
  public void close() {
    try {
      // Deterministic: an end marker; the sorting stage writes the summary once it knows what it kept.
      long droppedSoFar = dropped.get();
      Line end = new Line(Integer.MAX_VALUE, Long.MAX_VALUE,
          trailer(accepted.get() - droppedSoFar, droppedSoFar, overLimit.get()));
      while (queue.offer(end) != QueueOfferResult.enqueued()) {
        LockSupport.parkNanos(50_000);
      }
      queue.complete();
      done.toCompletableFuture().get(600, TimeUnit.SECONDS);
      if (backpressure) {
        accepted.set(Math.min(accepted.get(), limit));
      }
    } catch (Exception e) {
      throw new IllegalStateException("could not finish the trace file: " + e.getMessage(), e);
    } finally {
      system.terminate();
    }
  }

  private ByteString trailer(long events, long droppedEvents, long pastLimit) {
    return line(gen -> {
      gen.writeStringField("kind", "trace-end");
      gen.writeNumberField("events", events);
      gen.writeNumberField("dropped", droppedEvents);
      gen.writeNumberField("overLimit", pastLimit);
      gen.writeNumberField("limit", limit);
    });
  }

  private interface Fields {
    void write(JsonGenerator gen) throws IOException;
  }

  private static ByteString line(Fields fields) {
    try (ByteArrayBuilder bytes = new ByteArrayBuilder(160)) {
      try (JsonGenerator gen = JSON.createGenerator(bytes)) {
        gen.writeStartObject();
        fields.write(gen);
        gen.writeEndObject();
      }
      bytes.append('\n');
      return ByteString.fromArrayUnsafe(bytes.toByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code --trace-filter}: comma-separated wire names; unknown names list the valid ones. */
  public static Set<TraceKind> parseKinds(java.util.List<String> names) {
    Set<TraceKind> out = EnumSet.noneOf(TraceKind.class);
    if (names == null) {
      return out;
    }
    for (String n : names) {
      String name = n.trim();
      TraceKind found = null;
      for (TraceKind k : TraceKind.values()) {
        if (k.wireName().equals(name)) {
          found = k;
        }
      }
      if (found == null) {
        StringBuilder valid = new StringBuilder();
        for (TraceKind k : TraceKind.values()) {
          valid.append(valid.length() == 0 ? "" : ", ").append(k.wireName());
        }
        throw new IllegalArgumentException("unknown trace kind '" + name + "'; valid: " + valid);
      }
      out.add(found);
    }
    return out;
  }
}
