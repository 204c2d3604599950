package tdpsim.loadgen;

import java.util.SplittableRandom;
import tdpsim.loadgen.scenario.AccessPattern;
import tdpsim.loadgen.scenario.AccessSettings;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.loadgen.synthetic.HotColdWorkload;
import tdpsim.loadgen.synthetic.SequentialWorkload;
import tdpsim.loadgen.synthetic.UniformWorkload;
import tdpsim.loadgen.synthetic.ZipfWorkload;
import tdpsim.loadgen.trace.LackeyTraceReader;
import tdpsim.loadgen.trace.TraceWorkload;

/**
 * The vCPU access patterns as factories, one per {@link AccessPattern}. Each vCPU's stream is seeded with
 * {@code EntitySeeds.of(scenarioSeed, EntitySeeds.VCPU, vm.index(), vcpuIndex)}.
 */
public enum WorkloadKind {
  SEQUENTIAL(AccessPattern.SEQUENTIAL) {
    @Override
    Workload build(AccessSettings access, GuestPages pages, SplittableRandom random) {
      return new SequentialWorkload(pages, access.writeRatio(), access.passes(), access.thinkTimeNs(), random);
    }
  },
  UNIFORM(AccessPattern.UNIFORM) {
    @Override
    Workload build(AccessSettings access, GuestPages pages, SplittableRandom random) {
      return new UniformWorkload(pages, access.writeRatio(), access.thinkTimeNs(), random);
    }
  },
  ZIPF(AccessPattern.ZIPF) {
    @Override
    Workload build(AccessSettings access, GuestPages pages, SplittableRandom random) {
      return new ZipfWorkload(pages, access.zipfSkew(), access.writeRatio(), access.thinkTimeNs(), random);
    }
  },
  HOT_COLD(AccessPattern.HOT_COLD) {
    @Override
    Workload build(AccessSettings access, GuestPages pages, SplittableRandom random) {
      return new HotColdWorkload(pages, access.hotFraction(), access.hotProbability(), access.writeRatio(),
          access.thinkTimeNs(), random);
    }
  },
  TRACE(AccessPattern.TRACE) {
    @Override
    Workload build(AccessSettings access, GuestPages pages, SplittableRandom random) {
      return new TraceWorkload(LackeyTraceReader.read(access.traceFile().orElseThrow()), pages, access.passes(),
          access.thinkTimeNs());
    }
  };

  private final AccessPattern pattern;

  WorkloadKind(AccessPattern pattern) {
    this.pattern = pattern;
  }

  /** The config-level pattern this kind implements. */
  public AccessPattern pattern() {
    return pattern;
  }

  /** The kind implementing the pattern. */
  public static WorkloadKind of(AccessPattern pattern) {
    for (WorkloadKind kind : values()) {
      if (kind.pattern == pattern) {
        return kind;
      }
    }
    throw new IllegalArgumentException("no workload for " + pattern);
  }

  /**
   * The access stream of vCPU {@code vcpuIndex} of {@code vm}, over its partition when
   * {@code access.perVcpuPartition()}. {@code seed} is the scenario seed; the vCPU's own seed is derived here.
   */
  public Workload create(AccessSettings access, VmSettings vm, int vcpuIndex, long seed) {
    GuestPages pages = GuestPages.ofVcpu(vm, vcpuIndex, access.perVcpuPartition());
    SplittableRandom random = new SplittableRandom(EntitySeeds.of(seed, EntitySeeds.VCPU, vm.index(), vcpuIndex));
    return build(access, pages, random);
  }

  /** The workload the VM's own access settings select, for vCPU {@code vcpuIndex}. */
  public static Workload forVcpu(VmSettings vm, int vcpuIndex, long scenarioSeed) {
    Workload w = of(vm.access().pattern()).create(vm.access(), vm, vcpuIndex, scenarioSeed);
    if (vm.mmio().isEmpty()) {
      return w;
    }
    // The MMIO coin's own stream: the memory stream stays what it is without MMIO ranges.
    return new tdpsim.loadgen.synthetic.MmioMixWorkload(w, vm.mmio(), vm.access().writeRatio(),
        new SplittableRandom(EntitySeeds.of(scenarioSeed, EntitySeeds.VCPU, vm.index(), vcpuIndex, 1)));
  }

  abstract Workload build(AccessSettings access, GuestPages pages, SplittableRandom random);
}
