package tdpsim.actors.trace;

/**
 * Where actors report trace events. Tracing is off when an actor's tracer is {@code null}: every emission point
 * is one line, {@code if (tracer != null) tracer.event(...)}, so an untraced run pays one null check and
 * allocates nothing. Arguments are primitives and constant strings for the same reason; an implementation may
 * allocate (it runs only when tracing is on) and must be thread-safe: actors call it from several threads.
 */
@FunctionalInterface
public interface Tracer {
  /**
   * One event.
   *
   * @param timeNs virtual time of the event
   * @param vm the VM index, or -1 when the event is not tied to one VM
   * @param entity the kind of entity that saw it: {@code vcpu}, {@code mmu}, {@code iommu}, {@code migration}
   * @param id the entity's index (vCPU number, IOMMU unit, ...)
   * @param a first numeric field, named by {@link TraceKind#fieldA()}
   * @param b second numeric field
   * @param c third numeric field
   * @param detail the text field (a cause, granularity or outcome: a constant), or null
   */
  void event(TraceKind kind, long timeNs, int vm, String entity, int id, long a, long b, long c, String detail);
}
