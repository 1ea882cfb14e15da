/*
 * xl mem-set <Domain> <Mem>: a new balloon target.  As libxl does: the
 * target may not exceed the guest's static maximum; Xen's limit on its
 * allocation follows the target (plus libxl's slack); the guest's
 * balloon driver reads memory/target and gives or takes pages.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "domains/domain_store.h"
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xl.h"

#define MAXMEM_SLACK_KB 1024	/* LIBXL_MAXMEM_CONSTANT */

/* "256", "256m", "1g", "262144k" (xl's units; default MiB) in KiB. */
static int parse_kb(const char *s, uint64_t *kb)
{
	char *end;
	unsigned long long n = strtoull(s, &end, 10);

	if (end == s || s[0] == '-' || (*end && end[1]) || n > (1ULL << 40))
		return -1;
	switch (*end) {
	case 'b': case 'B': *kb = n >> 10; return 0;
	case 'k': case 'K': *kb = n; return 0;
	case '\0':
	case 'm': case 'M': *kb = n << 10; return 0;
	case 'g': case 'G': *kb = n << 20; return 0;
	}
	return -1;
}

static int read_kb(domid_t domid, const char *node, uint64_t *kb)
{
	char value[24];

	if (domain_store_read(domid, node, value, sizeof(value)) <= 0)
		return -1;
	*kb = strtoull(value, NULL, 10);
	return 0;
}

static int write_target(domid_t domid, uint64_t kb)
{
	char value[24];

	snprintf(value, sizeof(value), "%llu", (unsigned long long)kb);
	return domain_store_write(domid, "memory/target", value);
}

int xl_mem_set(int argc, char **argv)
{
	struct domain_record *d;
	uint64_t kb, max_kb;
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: xl mem-set <Domain> <Mem>\n");
		return 2;
	}
	d = xl_guest_arg("mem-set", argv[1]);
	if (!d)
		return 1;
	if (parse_kb(argv[2], &kb) || kb == 0) {
		fprintf(stderr, "xl mem-set: invalid memory size '%s'\n",
			argv[2]);
		return 1;
	}
	if (read_kb(d->domid, "memory/static-max", &max_kb) == 0 &&
	    kb > max_kb) {
		fprintf(stderr, "xl mem-set: %llu KiB is above the maximum of "
			"'%s' (%llu KiB)\n", (unsigned long long)kb, d->name,
			(unsigned long long)max_kb);
		return 1;
	}
	rc = domain_set_max_mem(d->domid, kb + MAXMEM_SLACK_KB);
	if (!rc)
		rc = write_target(d->domid, kb);
	if (rc) {
		fprintf(stderr, "xl mem-set: domain %u: %s\n", d->domid,
			rc == -ENOENT ? "no memory/target" : xen_strerror(rc));
		return 1;
	}
	return 0;
}
