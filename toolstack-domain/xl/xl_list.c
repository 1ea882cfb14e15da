/*
 * xl list [name|id]: every domain Xen has (sysctl getdomaininfolist),
 * in xl's layout, names from our own table.
 */
#include <stdio.h>
#include <string.h>
#include <xen/domctl.h>
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xl.h"

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

int xl_list(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: xl list [Domain]\n");
		return 2;
	}
	printf("Name                                        ID   Mem VCPUs\t"
	       "State\tTime(s)\n");
	return xl_for_each_domain("list", argc > 1 ? argv[1] : NULL, print_domain);
}
