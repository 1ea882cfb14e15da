/*
 * Guest life cycle (see lifecycle.h).  On VIRQ_DOM_EXC the thread looks
 * at every guest we created: one that shut down gets its config's action
 * once; one that vanished (destroyed behind our back) loses its console
 * backend, XenStore entries and record.  A crash is reported with the
 * reason xen-core logged when it killed the guest.
 */
#include <stdio.h>
#include <string.h>
#include <minios/sched.h>
#include <xen/sched.h>
#include "console/backend.h"
#include "dom_exc.h"
#include "domain_store.h"
#include "domains.h"
#include "domctl.h"
#include "hypervisor.h"
#include "lifecycle.h"
#include "log.h"
#include "xl/xl.h"

#define LOG_CHUNK 1024
#define REASON_MAX 160

static struct waitqueue lifecycle_wait;
static volatile bool domains_changed;
static bool host_going_down;	/* no restarts: the machine powers off */

static void dom_exc_notify(void *arg)
{
	(void)arg;
	domains_changed = true;
	wake_up(&lifecycle_wait);
}

int guest_destroy(struct domain_record *d)
{
	domid_t domid = d->domid;

	xl_console_hangup(d);
	console_backend_detach(d->console);
	domain_store_destroy(domid);
	domains_remove(d);
	return domain_destroy(domid);
}

/* One line of the hypervisor's log, about the crash of domid. */
static void scan_crash_line(const char *line, domid_t domid, char *reason,
			    size_t len)
{
	char ours[48], xens[32];
	const char *at;

	/* xen-core: "domain_crash called for domain N: why". */
	snprintf(ours, sizeof(ours), "domain_crash called for domain %u: ",
		 domid);
	/* Xen: "Domain N (vcpu#M) crashed on cpu#C:", then registers. */
	snprintf(xens, sizeof(xens), "Domain %u (vcpu#", domid);
	at = strstr(line, ours);
	if (at)
		snprintf(reason, len, "killed by the hypervisor: %s",
			 at + strlen(ours));
	else if (strstr(line, xens) && strstr(line, ") crashed on cpu#"))
		snprintf(reason, len, "killed by the hypervisor (see xl dmesg)");
}

/*
 * Why domid crashed, from the last line of the hypervisor's log that
 * says; with none, the guest reported the crash itself.
 */
static void crash_reason(domid_t domid, char *reason, size_t len)
{
	static char chunk[LOG_CHUNK];
	char line[REASON_MAX + 48];
	size_t used = 0;
	uint32_t index = 0;
	int n;

	snprintf(reason, len, "the guest reported a crash");
	while ((n = hypervisor_log_read(chunk, sizeof(chunk), &index, 0)) > 0) {
		for (int i = 0; i < n; i++) {
			if (chunk[i] != '\n') {
				if (used < sizeof(line) - 1)
					line[used++] = chunk[i];
				continue;
			}
			line[used] = '\0';
			used = 0;
			scan_crash_line(line, domid, reason, len);
		}
	}
}

static enum xl_action action_for(const struct domain_record *d,
				 unsigned int why)
{
	switch (why) {
	case SHUTDOWN_poweroff:
		return d->on_poweroff;
	case SHUTDOWN_reboot:
		return d->on_reboot;
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		return d->on_crash;
	default:		/* as xl: an unknown reason is destroyed */
		return XL_ACTION_DESTROY;
	}
}

static void report(const struct domain_record *d, unsigned int why)
{
	char reason[REASON_MAX];

	switch (why) {
	case SHUTDOWN_poweroff:
		tlog("\nxl: domain '%s' (%u) powered off\n", d->name, d->domid);
		break;
	case SHUTDOWN_reboot:
		tlog("\nxl: domain '%s' (%u) rebooted\n", d->name, d->domid);
		break;
	case SHUTDOWN_crash:
	case SHUTDOWN_watchdog:
		crash_reason(d->domid, reason, sizeof(reason));
		tlog("\nxl: domain '%s' (%u) crashed: %s\n", d->name,
		       d->domid, reason);
		break;
	default:
		tlog("\nxl: domain '%s' (%u) shut down with unknown reason %u: "
		       "destroying it\n", d->name, d->domid, why);
	}
}

static void restart(struct domain_record *d)
{
	char path[CONFIG_PATH_MAX], overrides[CONFIG_OVERRIDES_MAX];

	strcpy(path, d->config_path);
	strcpy(overrides, d->config_overrides);
	if (guest_destroy(d) == 0)
		xl_create_from(path, overrides);
}

static void apply_action(struct domain_record *d, unsigned int why)
{
	enum xl_action action = action_for(d, why);

	d->shutdown_handled = true;
	switch (action) {
	case XL_ACTION_PRESERVE:
		tlog("xl: keeping '%s' (on_%s=preserve)\n", d->name,
		       why == SHUTDOWN_poweroff ? "poweroff" :
		       why == SHUTDOWN_reboot ? "reboot" : "crash");
		break;
	case XL_ACTION_RESTART:
	case XL_ACTION_RENAME_RESTART:
	case XL_ACTION_COREDUMP_RESTART:
	case XL_ACTION_SOFT_RESET:
		if (host_going_down)
			guest_destroy(d);
		else
			restart(d);
		break;
	default:		/* destroy, coredump-destroy (no dumps yet) */
		guest_destroy(d);
	}
	fflush(stdout);
}

static void check_domain(struct domain_record *d)
{
	struct xen_domctl_getdomaininfo info;
	unsigned int why;

	if (domain_getinfo(d->domid, &info)) {
		tlog("\nxl: domain '%s' (%u) is gone\n", d->name, d->domid);
		guest_destroy(d);
		return;
	}
	if (!(info.flags & XEN_DOMINF_shutdown) || d->shutdown_handled)
		return;
	why = (info.flags >> XEN_DOMINF_shutdownshift) &
	      XEN_DOMINF_shutdownmask;
	if (why == SHUTDOWN_suspend)
		return;		/* a save would go on from here */
	report(d, why);
	apply_action(d, why);
}

static void lifecycle_thread(void *unused)
{
	(void)unused;
	for (;;) {
		struct domain_record *d, *next;

		wait_event(&lifecycle_wait, domains_changed);
		domains_changed = false;
		for (d = domains_next(NULL); d; d = next) {
			next = domains_next(d);	/* a restart may reuse d */
			check_domain(d);
		}
	}
}

void lifecycle_host_going_down(void)
{
	host_going_down = true;
}

int lifecycle_start(void)
{
	int rc = dom_exc_subscribe(dom_exc_notify, NULL);

	if (rc < 0)
		return rc;
	return create_thread("lifecycle", lifecycle_thread, NULL) ? 0 : -1;
}
