package tdpsim.loadgen.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tdpsim.loadgen.TestVms;
import tdpsim.loadgen.Workload;
import tdpsim.loadgen.WorkloadKind;
import tdpsim.loadgen.scenario.AccessPattern;
import tdpsim.loadgen.scenario.AccessSettings;
import tdpsim.loadgen.scenario.VmSettings;
import tdpsim.protocol.Access;

class SequentialWorkloadTest {
  @Test
  void everyPageIsTouchedExactlyOncePerPassAcrossAllVcpus() {
    int passes = 3;
    AccessSettings access = TestVms.access(AccessPattern.SEQUENTIAL, true, passes);
    VmSettings vm = TestVms.vm(5, access); // 1536 pages do not split evenly over 5 vCPUs
    Map<Long, Integer> touches = new HashMap<>();
    long[] buf = new long[97];
    for (int vcpu = 0; vcpu < vm.vcpus(); vcpu++) {
      Workload workload = WorkloadKind.SEQUENTIAL.create(access, vm, vcpu, 1);
      int n;
      while ((n = workload.next(buf, buf.length)) > 0) {
        for (int i = 0; i < n; i++) {
          touches.merge(Access.toGfn(buf[i]), 1, Integer::sum);
        }
      }
      assertThat(workload.next(buf, buf.length)).as("exhausted stays exhausted").isZero();
    }
    assertThat(touches).hasSize((int) vm.memoryPages());
    assertThat(touches.values()).containsOnly(passes);
    assertThat(touches.keySet()).allMatch(vm::containsGfn);
  }

  @Test
  void passesZeroWrapsForever() {
    AccessSettings access = TestVms.access(AccessPattern.SEQUENTIAL, false, 0);
    VmSettings vm = TestVms.vm(1, access);
    Workload workload = WorkloadKind.SEQUENTIAL.create(access, vm, 0, 1);
    long[] buf = new long[1000];
    for (int i = 0; i < 10; i++) {
      assertThat(workload.next(buf, buf.length)).isEqualTo(1000);
    }
  }
}
