/*
 * xl uptime [Domain]: how long each domain has existed, in xl's layout.
 * A guest's start is the /vm/<uuid>/start_time xl create wrote; the
 * control domain's is its own boot.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/time.h>
#include <minios/time.h>
#include <xen/domctl.h>
#include "domains/domain_store.h"
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "xenstore/client.h"
#include "xenstored.h"
#include "xl.h"

#define PATH_LEN 128

/* Seconds since domid started, or -1 if XenStore does not say. */
static long long seconds_up(domid_t domid)
{
	char path[PATH_LEN + 16], vm[PATH_LEN], start[32];
	struct timeval now;

	if (domid == 0)
		return (long long)(monotonic_ns() / 1000000000ULL);
	if (domain_store_read(domid, "vm", vm, sizeof(vm)) <= 0)
		return -1;
	snprintf(path, sizeof(path), "%s/start_time", vm);
	if (xs_client_read(xenstored_toolstack(), path, start,
			   sizeof(start)) <= 0)
		return -1;
	gettimeofday(&now, NULL);
	return (long long)now.tv_sec - atoll(start);
}

static void print_uptime(const struct xen_domctl_getdomaininfo *i)
{
	domid_t domid = i->domain;
	const char *name = domains_name(domid);
	long long up = seconds_up(domid);
	long long days = up / 86400;

	printf("%-33s %4u ", name ? name : "(null)", domid);
	if (up < 0) {
		printf("unknown\n");
		return;
	}
	if (days)
		printf("%lld day%s, ", days, days == 1 ? "" : "s");
	printf("%2lld:%02lld:%02lld\n", up % 86400 / 3600, up % 3600 / 60,
	       up % 60);
}

int xl_uptime(int argc, char **argv)
{
	if (argc > 2) {
		fprintf(stderr, "usage: xl uptime [Domain]\n");
		return 2;
	}
	printf("%-33s %4s %s\n", "Name", "ID", "Uptime");
	return xl_for_each_domain("uptime", argc > 1 ? argv[1] : NULL, print_uptime);
}
