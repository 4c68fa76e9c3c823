/**
 * The EM engine, written once for every model family: the loop, the convergence test, the trace,
 * restarts, fixed parameters and the thread pool. A family plugs in through {@link
 * org.em4j.engine.Family}: it supplies parameters, a fused E-step that accumulates {@link
 * org.em4j.engine.Statistics} chunk by chunk, their merge, and the M-step. Nothing here knows
 * which family it runs.
 */
package org.em4j.engine;
