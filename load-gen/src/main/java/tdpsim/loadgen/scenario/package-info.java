/**
 * The scenario schema as immutable settings records, and {@link tdpsim.loadgen.scenario.ScenarioLoader}, the one
 * place a HOCON scenario becomes records. Everything the simulator reads of a scenario is here, validated once;
 * no {@code Config} leaves this package. Depends on {@code tdpsim.protocol} only.
 */
package tdpsim.loadgen.scenario;
