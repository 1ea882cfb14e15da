/*
 * xenstored on the host: requests per second through the same entry
 * point the rings use (xs_handle_message), each reply taken at once.
 *
 *   make -C tests/bench xenstore-bench [N=<requests>]
 */
#include <stdio.h>
#include <time.h>
#include "xenstore_util.h"	/* tests/unit: requests and replies */

#define DOMAINS 64
#define KEYS_PER_DOMAIN 32

/* Benchmarks measure successes only. */
static void must_succeed(uint32_t type)
{
	if (type == XS_ERROR || type == XS_INVALID) {
		fprintf(stderr, "xenstore_bench: request failed: %s\n",
			reply.data);
		exit(1);
	}
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* DOMAINS introduced guests with KEYS_PER_DOMAIN device keys each. */
static struct xs_conn *populate(struct xs_daemon *xs, struct xs_conn *dom0)
{
	char path[64], domid[16], owner[16];
	unsigned int d, k;

	for (d = 1; d <= DOMAINS; d++) {
		snprintf(path, sizeof(path), "/local/domain/%u", d);
		snprintf(owner, sizeof(owner), "n%u", d);
		snprintf(domid, sizeof(domid), "%u", d);
		must_succeed(rqs(dom0, XS_MKDIR, 0, path, NULL));
		must_succeed(rqs(dom0, XS_SET_PERMS, 0, path, owner, NULL));
		must_succeed(rqs(dom0, XS_INTRODUCE, 0, domid, "1", "2", NULL));
		for (k = 0; k < KEYS_PER_DOMAIN; k++) {
			snprintf(path, sizeof(path),
				 "/local/domain/%u/device/vif/%u/state", d, k);
			must_succeed(xs_write(dom0, path, "4"));
		}
	}
	return xs_conn_find(xs, 7);
}

static void report(const char *what, unsigned int n, double start)
{
	printf("xenstore %-12s %10.0f requests/s\n", what,
	       n / (now() - start));
}

/* What a frontend does: read the state, write its keys, commit. */
static void frontend_transaction(struct xs_conn *guest)
{
	uint32_t tx;

	must_succeed(rqs(guest, XS_TRANSACTION_START, 0, "", NULL));
	tx = (uint32_t)strtoul(reply.data, NULL, 10);
	must_succeed(rqs(guest, XS_READ, tx, "device/vif/3/state", NULL));
	must_succeed(xs_write_tx(guest, tx, "device/vif/3/ring-ref", "8"));
	must_succeed(xs_write_tx(guest, tx, "device/vif/3/event-channel",
				 "9"));
	must_succeed(rqs(guest, XS_TRANSACTION_END, tx, "T", NULL));
}

int main(int argc, char **argv)
{
	unsigned int n = argc > 1 ? (unsigned int)atoi(argv[1]) : 200000, i;
	struct xs_daemon *xs = xs_daemon_create(NULL, NULL);
	struct xs_conn *dom0 = xs_conn_create_dom0(xs);
	struct xs_conn *guest = populate(xs, dom0);
	char path[64];
	double start;

	start = now();
	for (i = 0; i < n; i++)
		must_succeed(rqs(guest, XS_READ, 0, "device/vif/3/state",
				 NULL));
	report("read", n, start);

	start = now();
	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "data/key%u", i % 16);
		must_succeed(xs_write(guest, path, "value"));
	}
	report("write", n, start);

	start = now();
	for (i = 0; i < n; i++)
		must_succeed(rqs(guest, XS_DIRECTORY, 0, "device/vif", NULL));
	report("directory", n, start);

	start = now();
	for (i = 0; i < n / 4; i++)
		frontend_transaction(guest);
	report("transaction", n / 4, start);

	xs_daemon_destroy(xs);
	return 0;
}
