/** The in-memory data form (a dense row-major matrix with optional row weights) and its readers. */
package org.em4j.data;
