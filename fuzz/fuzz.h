/* fuzz.h - what the libFuzzer harnesses (fuzz/fuzz-*.c) share.
 *
 * Each harness defines LLVMFuzzerTestOneInput, which libFuzzer calls with
 * one input at a time.  A harness checks invariants with g_assert*: a
 * failed one aborts, and libFuzzer saves the input that did it.
 */
#ifndef SMTPLAB_FUZZ_H
#define SMTPLAB_FUZZ_H

#include <stdint.h>
#include <stddef.h>
#include <glib.h>
#include "grammar.h"

/* The entry point libFuzzer calls with each input. */
int LLVMFuzzerTestOneInput (const uint8_t *data, size_t size);

/* The input as a C string, or NULL when it holds a NUL byte (a command
 * line with a NUL never reaches the grammar: the session refuses it). */
char *fuzz_string (const uint8_t *data, size_t size);

/* Asserts that path, printed and parsed again, is the same path and
 * prints the same (RFC 821 §4.1.2 <path> is one way to write a path). */
void fuzz_assert_path_round_trip (const SmtpPath *path, gboolean allow_null);

#endif
