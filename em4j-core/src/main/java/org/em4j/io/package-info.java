/**
 * The em4j model file: a versioned JSON document (see {@code docs/model-format.md}) that holds a
 * fitted or given model, written atomically and validated field by field when read.
 */
package org.em4j.io;
