/**
 * {@code tdpsim sensitivity}: which conclusions of a scenario would change if an assumed cost were wrong. The
 * plan (each assumption x0.25 and x4, one at a time, plus optional joint log-uniform draws) runs through the sweep
 * machinery; the analysis ranks the designs per headline metric and compares every case with the baseline.
 */
package tdpsim.main.sensitivity;
