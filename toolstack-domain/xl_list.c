/*
 * xl list [name|id]: every domain Xen has (sysctl getdomaininfolist),
 * in xl's layout, names from our own table.
 */
#include <stdio.h>
#include <string.h>
#include <xen/domctl.h>
#include "domains.h"
#include "hypervisor.h"
#include "xl.h"

#define BATCH 32

static char state_letter(uint32_t flags, uint32_t bit, char letter)
{
	return (flags & bit) ? letter : '-';
}

static char shutdown_letter(const struct xen_domctl_getdomaininfo *i)
{
	static const char letters[] = "-rscwS";	/* by SHUTDOWN_* code */
	unsigned int why;

	if (!(i->flags & XEN_DOMINF_shutdown))
		return '-';
	why = (i->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	return why < sizeof(letters) - 1 ? letters[why] : '?';
}

static void print_domain(const struct xen_domctl_getdomaininfo *i)
{
	const char *name = domains_name(i->domain);
	uint64_t tenths = (i->cpu_time + 50000000) / 100000000;

	printf("%-40s %5u %5lu %5u     %c%c%c%c%c%c  %6lu.%lu\n",
	       name ? name : "(null)", i->domain,
	       (unsigned long)((i->tot_pages + i->outstanding_pages) >> 8),
	       i->nr_online_vcpus,
	       state_letter(i->flags, XEN_DOMINF_running, 'r'),
	       state_letter(i->flags, XEN_DOMINF_blocked, 'b'),
	       state_letter(i->flags, XEN_DOMINF_paused, 'p'),
	       state_letter(i->flags, XEN_DOMINF_shutdown, 's'),
	       shutdown_letter(i),
	       state_letter(i->flags, XEN_DOMINF_dying, 'd'),
	       (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

/* Does domain 'i' match the argument (all match when there is none)? */
static int selected(const struct xen_domctl_getdomaininfo *i,
		    const char *which)
{
	char id[8];
	const char *name = domains_name(i->domain);

	if (!which)
		return 1;
	snprintf(id, sizeof(id), "%u", i->domain);
	return !strcmp(which, id) || (name && !strcmp(which, name));
}

int xl_list(int argc, char **argv)
{
	static struct xen_domctl_getdomaininfo info[BATCH];
	const char *which = argc > 1 ? argv[1] : NULL;
	struct xen_sysctl op;
	domid_t next = 0;
	int shown = 0, rc;

	if (argc > 2) {
		fprintf(stderr, "usage: xl list [Domain]\n");
		return 2;
	}
	printf("Name                                        ID   Mem VCPUs\t"
	       "State\tTime(s)\n");
	do {
		memset(&op, 0, sizeof(op));
		op.cmd = XEN_SYSCTL_getdomaininfolist;
		op.u.getdomaininfolist.first_domain = next;
		op.u.getdomaininfolist.max_domains = BATCH;
		set_xen_guest_handle(op.u.getdomaininfolist.buffer, info);
		rc = do_sysctl(&op);
		if (rc) {
			fprintf(stderr, "xl list: getdomaininfolist: %s\n",
				xen_strerror(rc));
			return 1;
		}
		for (uint32_t k = 0; k < op.u.getdomaininfolist.num_domains; k++) {
			if (!selected(&info[k], which))
				continue;
			print_domain(&info[k]);
			shown++;
		}
		if (op.u.getdomaininfolist.num_domains)
			next = info[op.u.getdomaininfolist.num_domains - 1].domain + 1;
	} while (op.u.getdomaininfolist.num_domains == BATCH);
	if (which && !shown) {
		fprintf(stderr, "xl list: domain '%s' not found\n", which);
		return 1;
	}
	return 0;
}
