/**
 * Numerical kernels: static, allocation-free routines on plain {@code double[]} arrays with
 * explicit offsets. Hot loops live here and in the families' fused E-steps, nowhere else. Each
 * array parameter's documentation says whether it is modified.
 */
package org.em4j.kernel;
