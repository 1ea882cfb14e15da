/* Verdicts of the test kernels (expect.h). */
#include "pvk.h"
#include "expect.h"

static const char *kernel_name = "pvk";
static unsigned int failures;

void expect_begin(const char *kernel)
{
	kernel_name = kernel;
	pvk_print("%s: begin\n", kernel);
}

static void verdict(const char *what, long rc, bool ok)
{
	pvk_print("%s: %s rc=%ld %s\n", kernel_name, what, rc,
		  ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

void expect_answer(const char *what, long rc, long want)
{
	verdict(what, rc, rc == want);
}

void expect_below(const char *what, long rc, long limit)
{
	verdict(what, rc, rc < limit);
}

void expect_error(const char *what, long rc)
{
	expect_below(what, rc, 0);
}

void expect_true(const char *what, bool ok)
{
	pvk_print("%s: %s %s\n", kernel_name, what, ok ? "ok" : "WRONG");
	if (!ok)
		failures++;
}

unsigned int expect_failures(void)
{
	return failures;
}
