/*
 * Check macros for the host-side unit tests.
 *
 * A failed check prints file:line and what was expected, counts the
 * failure and lets the test go on, so one run reports every failure.
 * A test's main() ends with "return check_summary(argv[0]);".
 */
#ifndef TESTS_UNIT_CHECK_H
#define TESTS_UNIT_CHECK_H

#include <stdio.h>

/* One counter per test program: every test is a single translation unit. */
static int check_failures;

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: check failed: %s\n",	\
				__FILE__, __LINE__, #cond);		\
			check_failures++;				\
		}							\
	} while (0)

/* Integer equality; each side is evaluated once and both are printed. */
#define CHECK_EQ(a, b)							\
	do {								\
		long long check_a_ = (long long)(a);			\
		long long check_b_ = (long long)(b);			\
		if (check_a_ != check_b_) {				\
			fprintf(stderr, "%s:%d: check failed: %s == %s"	\
				" (%lld != %lld)\n", __FILE__, __LINE__, \
				#a, #b, check_a_, check_b_);		\
			check_failures++;				\
		}							\
	} while (0)

/* Print the verdict; returns the exit status for main(). */
static inline int check_summary(const char *test)
{
	if (check_failures) {
		fprintf(stderr, "%s: %d check(s) failed\n", test,
			check_failures);
		return 1;
	}
	return 0;
}

#endif
