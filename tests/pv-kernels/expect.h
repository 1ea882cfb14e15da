/*
 * Verdicts of the test kernels: each judged line reads "KERNEL: WHAT
 * rc=N ok" (or "WRONG"), the form the integration tests compare with
 * transcripts recorded on stock Xen 4.17.
 */
#ifndef EXPECT_H
#define EXPECT_H

#include <stdbool.h>

/* The name that starts every line. */
void expect_begin(const char *kernel);

/* Xen's exact answer. */
void expect_answer(const char *what, long rc, long want);
/* Refused: an answer below @limit (an error code, or fewer done). */
void expect_below(const char *what, long rc, long limit);
void expect_error(const char *what, long rc);
void expect_true(const char *what, bool ok);

unsigned int expect_failures(void);

#endif
