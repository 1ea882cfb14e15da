/*
 * xl shutdown [-w] <Domain>, xl reboot [-w] <Domain>: ask a PV guest
 * through its control/shutdown node, as xl does.  The guest acts on it
 * and shuts down with a reason; the life-cycle thread then applies its
 * on_poweroff / on_reboot.  -w waits for that to have happened.
 */
#include <stdio.h>
#include <string.h>
#include <minios/sched.h>
#include "domains/domain_store.h"
#include "domains/domains.h"
#include "hypervisor.h"
#include "xl.h"

#define SHUTDOWN_NODE "control/shutdown"
#define WAIT_STEP_MS 100
#define WAIT_LIMIT_MS (5 * 60 * 1000)	/* a guest may ignore us */

/* Until our record of domid is gone (destroyed, restarted) or handled. */
static int wait_for_shutdown(const char *cmd, domid_t domid)
{
	for (unsigned int waited = 0; waited < WAIT_LIMIT_MS;
	     waited += WAIT_STEP_MS) {
		struct domain_record *d = domains_by_id(domid);

		if (!d || d->shutdown_handled)
			return 0;
		msleep(WAIT_STEP_MS);
	}
	fprintf(stderr, "xl %s: domain %u has not shut down after %u s\n",
		cmd, domid, WAIT_LIMIT_MS / 1000);
	return 1;
}

static int request(const char *cmd, const char *what, int argc, char **argv)
{
	struct domain_record *d;
	int wait = argc == 3 && !strcmp(argv[1], "-w");
	int rc;

	if (argc != 2 + wait) {
		fprintf(stderr, "usage: xl %s [-w] <Domain>\n", cmd);
		return 2;
	}
	d = xl_guest_arg(cmd, argv[argc - 1]);
	if (!d)
		return 1;
	rc = xl_request_shutdown(d, what);
	if (rc < 0) {
		fprintf(stderr, "xl %s: writing /local/domain/%u/%s: %s\n", cmd,
			d->domid, SHUTDOWN_NODE, strerror(-rc));
		return 1;
	}
	return wait ? wait_for_shutdown(cmd, d->domid) : 0;
}

int xl_request_shutdown(struct domain_record *d, const char *what)
{
	return domain_store_write(d->domid, SHUTDOWN_NODE, what);
}

int xl_shutdown(int argc, char **argv)
{
	return request("shutdown", "poweroff", argc, argv);
}

int xl_reboot(int argc, char **argv)
{
	return request("reboot", "reboot", argc, argv);
}
