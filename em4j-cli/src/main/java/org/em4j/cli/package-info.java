/**
 * The {@code em4j} command line: a thin shell over the library. Each command is a {@code
 * Callable<Integer>}; exit codes are 0 for success, 2 for bad usage or input, 1 for a failure of
 * the fit or of em4j itself.
 */
package org.em4j.cli;
