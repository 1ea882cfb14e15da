/* Starting and stopping guests with the machine (see autostart.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <minios/sched.h>
#include <minios/time.h>
#include "autostart.h"
#include "domains.h"
#include "hostfs/hostfs.h"
#include "lifecycle.h"
#include "log.h"
#include "xl/xl.h"

#define WAIT_STEP_MS 100

static int start_one(const char *name, const struct hostfs_stat *st,
		     void *unused)
{
	char path[CONFIG_PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", AUTOSTART_DIR, name);
	if (st->type == HOSTFS_DIR) {
		tlog("autostart: %s: a directory, skipped\n", path);
		return 0;
	}
	tlog("autostart: starting %s\n", path);
	fflush(stdout);
	if (!xl_create_from(path, ""))
		tlog("autostart: %s: not started, skipped\n", path);
	return 0;
}

void autostart_guests(void)
{
	int rc;

	if (!hostfs_mounted())
		return;
	rc = hostfs_list(AUTOSTART_DIR, start_one, NULL);
	if (rc && rc != -ENOENT)
		tlog("autostart: %s: %s\n", AUTOSTART_DIR, strerror(-rc));
	fflush(stdout);
}

/* Guests not yet shut down (a preserved one counts as done). */
static unsigned int still_running(void)
{
	unsigned int n = 0;

	for (struct domain_record *d = domains_next(NULL); d;
	     d = domains_next(d))
		n += !d->shutdown_handled;
	return n;
}

void stop_all_guests(void)
{
	struct domain_record *d, *next;
	uint64_t deadline = monotonic_ns() + STOP_MAXWAIT_S * NSEC_PER_SEC;

	lifecycle_host_going_down();
	for (d = domains_next(NULL); d; d = domains_next(d)) {
		if (d->shutdown_handled)
			continue;
		tlog("shutdown: asking '%s' (%u) to power off\n", d->name,
		       d->domid);
		if (xl_request_shutdown(d, "poweroff") < 0)
			tlog("shutdown: '%s' (%u) cannot be asked\n",
			       d->name, d->domid);
	}
	fflush(stdout);
	while (still_running() && monotonic_ns() < deadline)
		msleep(WAIT_STEP_MS);
	for (d = domains_next(NULL); d; d = next) {
		next = domains_next(d);
		tlog("shutdown: destroying '%s' (%u)%s\n", d->name, d->domid,
		       d->shutdown_handled ? "" : ": it did not shut down "
		       "in time");
		guest_destroy(d);
	}
	fflush(stdout);
}
