/*
 * xenstore-bench [requests]: requests per second of the running
 * xenstored through the toolstack's own connection (the path xl's
 * commands take), under /tool/xenstore-bench, removed afterwards: read,
 * write and directory, as tests/bench/xenstore_bench.c measures the same
 * code built for the host.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <minios/time.h>
#include "xenstore/client.h"
#include "xenstore_bench.h"
#include "xenstored.h"

#define BENCH_ROOT	"/tool/xenstore-bench"
#define DEFAULT_REQUESTS 20000
#define MAX_REQUESTS	10000000
#define KEYS		16

typedef int (*bench_op)(struct xs_conn *conn, unsigned int i, char *buf);

static int read_key(struct xs_conn *conn, unsigned int i, char *buf)
{
	return xs_client_read(conn, BENCH_ROOT "/key0", buf,
			      XS_CLIENT_REPLY_MAX);
}

static int write_key(struct xs_conn *conn, unsigned int i, char *buf)
{
	snprintf(buf, XS_CLIENT_REPLY_MAX, BENCH_ROOT "/key%u", i % KEYS);
	return xs_client_write(conn, buf, "value");
}

static int list_keys(struct xs_conn *conn, unsigned int i, char *buf)
{
	return xs_client_directory(conn, BENCH_ROOT, buf,
				   XS_CLIENT_REPLY_MAX);
}

/* Runs @n requests of one kind; prints their rate, or the first error. */
static int measure(struct xs_conn *conn, const char *what, bench_op op,
		   unsigned int n, char *buf)
{
	uint64_t start = monotonic_ns(), ns;

	for (unsigned int i = 0; i < n; i++) {
		int rc = op(conn, i, buf);

		if (rc < 0) {
			fprintf(stderr, "xenstore-bench: %s: %s\n", what,
				strerror(-rc));
			return 1;
		}
	}
	ns = monotonic_ns() - start;
	printf("xenstore %-12s %10llu requests/s\n", what,
	       (unsigned long long)(ns ? n * 1000000000ULL / ns : 0));
	return 0;
}

int cmd_xenstore_bench(int argc, char **argv)
{
	struct xs_conn *conn = xenstored_toolstack();
	unsigned long n = DEFAULT_REQUESTS;
	char *end, *buf;
	int failed;

	if (argc > 2 || (argc == 2 && ((n = strtoul(argv[1], &end, 10)) == 0 ||
				       *end || n > MAX_REQUESTS))) {
		fprintf(stderr, "usage: xenstore-bench [requests, 1-%u]\n",
			MAX_REQUESTS);
		return 2;
	}
	if (!conn) {
		fprintf(stderr, "xenstore-bench: xenstored is not running\n");
		return 1;
	}
	buf = malloc(XS_CLIENT_REPLY_MAX);
	if (!buf)
		return 1;
	failed = measure(conn, "write", write_key, n, buf) ||
		 measure(conn, "read", read_key, n, buf) ||
		 measure(conn, "directory", list_keys, n, buf);
	xs_client_rm(conn, BENCH_ROOT);
	free(buf);
	return failed;
}
