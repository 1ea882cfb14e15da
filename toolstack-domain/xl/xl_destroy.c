/*
 * xl destroy <name|id>: stop serving the guest's console and XenStore
 * ring (so nothing of it stays mapped here), remove its XenStore
 * entries, then have Xen destroy it.
 */
#include <stdio.h>
#include <stdlib.h>
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "domains/lifecycle.h"
#include "xl.h"

int xl_destroy(int argc, char **argv)
{
	struct domain_record *d;
	char *end;
	unsigned long id;

	if (argc != 2) {
		fprintf(stderr, "usage: xl destroy <Domain>\n");
		return 2;
	}
	d = domains_find(argv[1]);
	if (d) {
		domid_t domid = d->domid;
		int rc = guest_destroy(d);

		if (rc)
			fprintf(stderr, "xl destroy: domain %u: %s\n", domid,
				xen_strerror(rc));
		return rc ? 1 : 0;
	}
	id = strtoul(argv[1], &end, 10);
	if (*end || end == argv[1]) {
		fprintf(stderr, "xl destroy: no domain named '%s'\n", argv[1]);
		return 1;
	}
	if (id == 0) {
		fprintf(stderr, "xl destroy: cannot destroy privileged domain 0\n");
		return 1;
	}
	/* Not one of ours (no console here): Xen alone knows it. */
	if (id >= DOMID_FIRST_RESERVED || domain_destroy(id)) {
		fprintf(stderr, "xl destroy: no domain with id %lu\n", id);
		return 1;
	}
	return 0;
}
