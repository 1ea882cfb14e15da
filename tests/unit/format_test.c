/*
 * lib/format.c, the freestanding printf shared by xen-core, MiniOS and
 * the test kernels, checked against the host C library's snprintf for
 * every conversion it supports, and for truncation.
 */
#include <stdio.h>
#include <string.h>
#include <lib/format.h>
#include "check.h"

static int ours(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = format_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

#define SAME(fmt, ...)							\
	do {								\
		char a_[128], b_[128];					\
		int na_ = ours(a_, sizeof(a_), fmt, __VA_ARGS__);	\
		int nb_ = snprintf(b_, sizeof(b_), fmt, __VA_ARGS__);	\
		CHECK_EQ(na_, nb_);					\
		CHECK(!strcmp(a_, b_));					\
		if (strcmp(a_, b_))					\
			fprintf(stderr, "  %s: '%s' != '%s'\n", fmt,	\
				a_, b_);				\
	} while (0)

static void test_conversions(void)
{
	SAME("%d %i %u", -42, 7, 4000000000U);
	SAME("%ld %lu %lld %llu", -1L, ~0UL, -123456789012LL, 1ULL << 63);
	SAME("%x %X %lx %#x %#lx", 0xbeefU, 0xbeefU, 0xdeadbeefcafeUL, 255U,
	     0x1234UL);
	SAME("%5d|%-5d|%05d|", 42, 42, 42);
	SAME("%05d %5d %-6d|", -42, -42, -42);
	SAME("%016lx %08x", 0xabcUL, 0x12U);
	SAME("%s|%10s|%-10s|%.3s|%.*s", "abc", "abc", "abc", "abcdef", 2, "xyz");
	SAME("%*d|%-*d|", 6, 7, 6, 7);
	SAME("%c%c%c %%", 'a', 'b', 'c');
	SAME("%zu %zx", (size_t)12345, (size_t)0xfff);
	SAME("%d", 0);
	SAME("%x", 0U);
}

static void test_pointers_and_null(void)
{
	char buf[64];

	ours(buf, sizeof(buf), "%p", (void *)0x1234);
	CHECK(!strcmp(buf, "0x0000000000001234"));	/* fixed width, as Xen */
	ours(buf, sizeof(buf), "%s", (char *)NULL);
	CHECK(!strcmp(buf, "(null)"));
	ours(buf, sizeof(buf), "%q%");		/* unknown, then a lone % */
	CHECK(!strcmp(buf, "%q%"));
}

static void test_truncation(void)
{
	char buf[8];

	memset(buf, 'x', sizeof(buf));
	CHECK_EQ(ours(buf, 5, "%s", "hello world"), 11);
	CHECK(!strcmp(buf, "hell"));
	CHECK_EQ(buf[5], 'x');			/* nothing past size */
	CHECK_EQ(ours(buf, 1, "%d", 12345), 5);
	CHECK_EQ(buf[0], '\0');
	CHECK_EQ(ours(NULL, 0, "%d", 12345), 5);	/* size 0: count only */
}

int main(int argc, char **argv)
{
	(void)argc;
	test_conversions();
	test_pointers_and_null();
	test_truncation();
	return check_summary(argv[0]);
}
