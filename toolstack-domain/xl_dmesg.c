/*
 * "xl dmesg": the hypervisor's console ring, oldest line first.
 */
#include <stdio.h>
#include <string.h>
#include "hypervisor.h"
#include "xl.h"

#define CHUNK 4096

/* One readconsole step from 'index'; returns bytes read or -errno. */
static int read_ring(char *buf, uint32_t *index, int clear)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_readconsole };
	int rc;

	op.u.readconsole.clear = clear;
	op.u.readconsole.incremental = 1;
	op.u.readconsole.index = *index;
	op.u.readconsole.count = CHUNK;
	set_xen_guest_handle(op.u.readconsole.buffer, buf);
	rc = do_sysctl(&op);
	if (rc)
		return rc;
	*index = op.u.readconsole.index;
	return op.u.readconsole.count;
}

int xl_dmesg(int argc, char **argv)
{
	static char buf[CHUNK];
	int clear = 0, n;
	uint32_t index = 0;

	if (argc == 2 && !strcmp(argv[1], "-c")) {
		clear = 1;
	} else if (argc > 1) {
		fprintf(stderr, "usage: xl dmesg [-c]\n");
		return 2;
	}
	while ((n = read_ring(buf, &index, clear)) > 0)
		fwrite(buf, 1, n, stdout);
	fflush(stdout);
	if (n < 0) {
		fprintf(stderr, "xl dmesg: readconsole sysctl failed (%d)\n", n);
		return 1;
	}
	return 0;
}
