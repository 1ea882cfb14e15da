/*
 * xl pause <Domain>, xl unpause <Domain>: the controller's pause (Xen
 * counts them; xl list shows 'p' while any is held).
 */
#include <stdio.h>
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xl.h"

static int pause_op(const char *cmd, int (*op)(domid_t), int argc,
		    char **argv)
{
	struct domain_record *d;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: xl %s <Domain>\n", cmd);
		return 2;
	}
	d = xl_guest_arg(cmd, argv[1]);
	if (!d)
		return 1;
	rc = op(d->domid);
	if (rc) {
		fprintf(stderr, "xl %s: domain %u: %s\n", cmd, d->domid,
			xen_strerror(rc));
		return 1;
	}
	return 0;
}

int xl_pause(int argc, char **argv)
{
	return pause_op("pause", domain_pause, argc, argv);
}

int xl_unpause(int argc, char **argv)
{
	return pause_op("unpause", domain_unpause, argc, argv);
}
