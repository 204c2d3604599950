package tdpsim.actors.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.BehaviorInterceptor;
import org.apache.pekko.actor.typed.TypedActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import tdpsim.actors.device.AssignedDeviceActor;
import tdpsim.actors.host.HostMemoryActor;
import tdpsim.actors.iommu.IommuActor;
import tdpsim.actors.migration.MigrationActor;
import tdpsim.actors.migration.MigrationPlan;
import tdpsim.actors.mmu.TdpMmuActor;
import tdpsim.actors.tlb.Iotlb;
import tdpsim.actors.vcpu.VcpuActor;
import tdpsim.actors.vm.VmSupervisorActor;
import tdpsim.actors.wiring.AccessSource;
import tdpsim.actors.wiring.Directory;
import tdpsim.actors.wiring.RunProgress;
import tdpsim.actors.wiring.SimConfig;
import tdpsim.actors.wiring.TestVms;
import tdpsim.actors.wiring.ViolationLog;
import tdpsim.actors.wiring.VmContext;
import tdpsim.actors.wiring.WindowBarrier;
import tdpsim.protocol.AssignedDevice;
import tdpsim.protocol.HostMemory;
import tdpsim.protocol.Iommu;
import tdpsim.protocol.Machine;
import tdpsim.protocol.Migration;
import tdpsim.protocol.Mode;
import tdpsim.protocol.TdpMmu;
import tdpsim.protocol.Vcpu;
import tdpsim.protocol.VmSupervisor;

/**
 * Handler coverage (STYLE.md section 3 (b)): for each actor, every public message its protocol's sealed
 * {@code Command} permits reaches a handler. The messages are found by walking
 * {@code getPermittedSubclasses()} (the {@code Internal} hatch for an actor's private messages left out), built
 * by reflection with zero, empty or dead-letter arguments, and each is sent to a freshly spawned actor wrapped in
 * an interceptor that reports whether the actor's behaviour returned {@code unhandled}. A handler that throws on
 * such an argument still counts as present. A new command without a handler fails here; so does a handler
 * removed from a receive builder.
 */
class HandlerCoverageTest {
  private static final ActorTestKit KIT = ActorTestKit.create();
  private static final Duration WAIT = Duration.ofSeconds(20);

  @AfterAll
  static void shutdown() {
    KIT.shutdownTestKit();
  }

  /** Tells {@code verdicts} "handled X" or "unhandled X" for each message the wrapped behaviour receives. */
  private static final class UnhandledSpy<T> extends BehaviorInterceptor<T, T> {
    private final ActorRef<String> verdicts;

    @SuppressWarnings("unchecked")
    UnhandledSpy(ActorRef<String> verdicts) {
      super((Class<T>) Object.class);
      this.verdicts = verdicts;
    }

    @Override
    public Behavior<T> aroundReceive(TypedActorContext<T> ctx, T msg, ReceiveTarget<T> target) {
      String name = msg.getClass().getSimpleName();
      Behavior<T> next;
      try {
        next = target.apply(ctx, msg);
      } catch (RuntimeException e) {
        verdicts.tell("handled " + name);
        throw e;
      }
      verdicts.tell((Behavior.isUnhandled(next) ? "unhandled " : "handled ") + name);
      return next;
    }
  }

  /** The public messages of a protocol: the sealed hierarchy's records and enums, without the Internal hatch. */
  static List<Class<?>> publicCommands(Class<?> command) {
    List<Class<?>> out = new ArrayList<>();
    collect(command, out);
    return out;
  }

  private static void collect(Class<?> type, List<Class<?>> out) {
    if (!type.isSealed()) {
      if (!type.isInterface()) {
        out.add(type);
      }
      // a non-sealed interface is the Internal hatch: the actor's own private messages
      return;
    }
    for (Class<?> sub : type.getPermittedSubclasses()) {
      collect(sub, out);
    }
  }

  /** An instance of {@code type} with every component zero, false, empty, the first constant or dead letters. */
  static Object sample(Class<?> type) {
    if (type.isEnum()) {
      return type.getEnumConstants()[0];
    }
    if (type == long.class) {
      return 0L;
    } else if (type == int.class) {
      return 0;
    } else if (type == boolean.class) {
      return false;
    } else if (type == double.class) {
      return 0.0;
    } else if (type == String.class) {
      return "x";
    } else if (type == ActorRef.class) {
      return KIT.system().deadLetters();
    } else if (type.isArray()) {
      return Array.newInstance(type.getComponentType(), 0);
    } else if (type == List.class) {
      return List.of();
    } else if (type == Map.class) {
      return Map.of();
    } else if (type == Set.class) {
      return Set.of();
    } else if (type.isRecord()) {
      RecordComponent[] parts = type.getRecordComponents();
      Class<?>[] types = Stream.of(parts).map(RecordComponent::getType).toArray(Class<?>[]::new);
      Object[] args = Stream.of(types).map(HandlerCoverageTest::sample).toArray();
      try {
        Constructor<?> c = type.getDeclaredConstructor(types);
        c.setAccessible(true);
        return c.newInstance(args);
      } catch (ReflectiveOperationException e) {
        throw new AssertionError("cannot build a " + type.getName() + " to send", e);
      }
    }
    throw new AssertionError("no sample value for " + type.getName() + ": teach HandlerCoverageTest.sample");
  }

  private static SimConfig config() {
    return TestVms.config(Mode.SHARED_IOPF, 1_000_000);
  }

  private static Directory directory(VmContext vm) {
    Directory dir = new Directory();
    dir.publish(Directory.builder()
        .vcpus(List.of(List.of()))
        .iommus(List.of(KIT.<Iommu.Command>createTestProbe().getRef()))
        .topology(1, new int[][] {{0}}, new int[][] {{}})
        .build());
    return dir;
  }

  private static WindowBarrier barrier(int vcpus, int devices, boolean migrates) {
    return new WindowBarrier(1_000_000, 10_000, false, new ViolationLog(), new RunProgress(), new int[] {vcpus},
        devices, new boolean[] {migrates});
  }

  private static final AccessSource NOTHING = (buf, max) -> 0;

  /** Each actor of the machine: its protocol's Command and how to make a fresh one. */
  private static Map<Class<?>, Supplier<Behavior<?>>> actors() {
    return Map.of(
        Vcpu.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          return VcpuActor.create(vm, 0, () -> NOTHING, 0, 0, 64, config(), barrier(1, 0, false));
        },
        TdpMmu.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          return TdpMmuActor.create(vm, config(), directory(vm));
        },
        Iommu.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          return IommuActor.create(0, new Iotlb(64), List.of(vm), config(), directory(vm));
        },
        AssignedDevice.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          AssignedDeviceActor.Spec spec = new AssignedDeviceActor.Spec(0, "nic0", 0, 0, true, 64, true, 3_000);
          return AssignedDeviceActor.create(spec, vm, new Iotlb(64), KIT.<Iommu.Command>createTestProbe().getRef(),
              () -> NOTHING, config(), barrier(0, 1, false));
        },
        HostMemory.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          return HostMemoryActor.create(List.of(vm), List.of(), config(), directory(vm), barrier(0, 0, false));
        },
        Migration.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          MigrationPlan plan = new MigrationPlan(0, 500_000, 12_500_000_000L, 8, 64, MigrationPlan.Tracking.D_BITS,
              false, false, false);
          return MigrationActor.create(vm, plan, List.of(), config(), directory(vm), barrier(0, 0, true));
        },
        VmSupervisor.Command.class, () -> {
          VmContext vm = TestVms.vm(0, 1024, 1, 1, true);
          return VmSupervisorActor.create(new VmSupervisorActor.Spec(vm, 1, i -> NOTHING, 0, 0, 64, null,
              List.of()), config(), directory(vm), barrier(1, 0, false),
              KIT.<VmSupervisor.VmReady>createTestProbe().getRef());
        },
        Machine.Command.class, () -> MachineGuardian.create(TestMachines.spec(
            TestMachines.config(Mode.SHARED_IOPF, 1_000, SimConfig.FaultInjection.NONE),
            List.of(TestMachines.vm(0, 512, 1, 1, i -> TestMachines.sequential(0, 1, false))), List.of(),
            TestMachines.none())));
  }

  @TestFactory
  Stream<DynamicTest> everyPublicCommandOfEveryActorReachesAHandler() {
    List<DynamicTest> tests = new ArrayList<>();
    actors().forEach((command, factory) -> {
      for (Class<?> message : publicCommands(command)) {
        String name = command.getEnclosingClass().getSimpleName() + "." + message.getSimpleName();
        tests.add(DynamicTest.dynamicTest(name, () -> {
          TestProbe<String> verdicts = KIT.createTestProbe();
          @SuppressWarnings("unchecked")
          Behavior<Object> actor = (Behavior<Object>) factory.get();
          ActorRef<Object> ref = KIT.spawn(Behaviors.intercept(() -> new UnhandledSpy<>(verdicts.getRef()), actor));
          ref.tell(sample(message));
          assertThat(verdicts.expectMessageClass(String.class, WAIT)).isEqualTo("handled " + message.getSimpleName());
        }));
      }
    });
    return tests.stream();
  }

  /** The walk itself: it finds the commands of a protocol and leaves the Internal hatch out. */
  @Test
  void theWalkFindsEachProtocolsPublicCommands() {
    assertThat(publicCommands(Vcpu.Command.class)).containsExactlyInAnyOrder(Vcpu.RunWindow.class,
        Vcpu.FlushTlb.class, Vcpu.Pause.class, Vcpu.ReportStats.class);
    assertThat(publicCommands(HostMemory.Command.class)).containsExactlyInAnyOrder(HostMemory.RunWindow.class,
        HostMemory.ReportStats.class);
    assertThat(publicCommands(VmSupervisor.Command.class)).as("a supervisor has no public command yet").isEmpty();
    assertThat(publicCommands(TdpMmu.Command.class)).hasSizeGreaterThanOrEqualTo(6);
  }

  /** The spy itself: a message the behaviour does not handle is reported as unhandled. */
  @Test
  void aMessageWithoutAHandlerIsReportedUnhandled() {
    TestProbe<String> verdicts = KIT.createTestProbe();
    Behavior<Object> onlyStrings = Behaviors.receive(Object.class)
        .onMessage(String.class, s -> Behaviors.same())
        .build();
    ActorRef<Object> ref = KIT.spawn(Behaviors.intercept(() -> new UnhandledSpy<>(verdicts.getRef()), onlyStrings));
    ref.tell("hello");
    ref.tell(42L);
    assertThat(verdicts.expectMessageClass(String.class, WAIT)).isEqualTo("handled String");
    assertThat(verdicts.expectMessageClass(String.class, WAIT)).isEqualTo("unhandled Long");
  }
}
