/*
 * xl vcpu-list [Domain]: every vCPU of every (or one) domain, in xl's
 * layout: the CPU it is on, r(unning) b(locked) p(aused: offline),
 * its run time.  Affinity is not implemented: every vCPU may run on
 * every CPU ("all / all").
 */
#include <stdio.h>
#include <xen/domctl.h>
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xl.h"

static void print_vcpu(domid_t domid, uint32_t vcpu,
		       const struct xen_domctl_getvcpuinfo *v)
{
	const char *name = domains_name(domid);
	uint64_t tenths = (v->cpu_time + 50000000) / 100000000;

	printf("%-32s %5u %5u", name ? name : "(null)", domid, vcpu);
	if (v->online)
		printf("%5u", v->cpu);
	else
		printf("%5c", '-');
	printf("   %c%c%c  %7lu.%lu  all / all\n", v->running ? 'r' : '-',
	       v->blocked ? 'b' : '-', v->online ? '-' : 'p',
	       (unsigned long)(tenths / 10), (unsigned long)(tenths % 10));
}

static void list_domain(const struct xen_domctl_getdomaininfo *i)
{
	struct xen_domctl_getvcpuinfo v;

	for (uint32_t vcpu = 0; vcpu <= i->max_vcpu_id; vcpu++)
		if (domain_vcpu_info(i->domain, vcpu, &v) == 0)
			print_vcpu(i->domain, vcpu, &v);
}

int xl_vcpu_list(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: xl vcpu-list [Domain]\n");
		return 2;
	}
	printf("%-32s %5s %5s %5s %5s %9s %s\n", "Name", "ID", "VCPU", "CPU",
	       "State", "Time(s)", "Affinity (Hard / Soft)");
	return xl_for_each_domain("vcpu-list", argc > 1 ? argv[1] : NULL, list_domain);
}
