/*
 * "xl dmesg": the hypervisor's console ring, oldest line first.
 */
#include <stdio.h>
#include <string.h>
#include "hypervisor.h"
#include "xl.h"

#define CHUNK 4096

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
	while ((n = hypervisor_log_read(buf, CHUNK, &index, clear)) > 0)
		fwrite(buf, 1, n, stdout);
	fflush(stdout);
	if (n < 0) {
		fprintf(stderr, "xl dmesg: readconsole sysctl failed (%d)\n", n);
		return 1;
	}
	return 0;
}
