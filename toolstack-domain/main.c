/*
 * toolstack-domain: the control domain application.  Prints who it is
 * and what it runs on, then serves the administration shell on the
 * serial console.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "domains/autostart.h"
#include "hostfs/hostfs.h"
#include "hypervisor.h"
#include "domains/lifecycle.h"
#include "shell/lineedit.h"
#include "log.h"
#include "rootfs/rootfs.h"
#include "toolstack.h"
#include "xenstored.h"

#define PROMPT "toolstack-domain# "

static struct lineedit editor;
static struct xen_version_info version;

static void print_banner(void)
{
	int rc = xen_version_info_get(&version);

	printf("\ntoolstack-domain %s (MiniOS)\n", TOOLSTACK_VERSION);
	if (rc)
		printf("running on an unidentified hypervisor (xen_version: %d)\n",
		       rc);
	else
		printf("running on Xen %u.%u%s, capabilities: %s\n",
		       version.major, version.minor, version.extra,
		       version.caps);
	printf("Type 'help' for commands.\n\n");
}

static void echo_to_console(const char *s, size_t len, void *ctx)
{
	(void)ctx;
	write(STDOUT_FILENO, s, len);
}

static void serve_shell(void)
{
	char line[LINE_MAX_LEN];
	char c;

	lineedit_init(&editor, PROMPT, echo_to_console, NULL);
	for (;;) {
		fflush(stdout);
		lineedit_start(&editor);
		do {
			if (read(STDIN_FILENO, &c, 1) != 1)
				return;
		} while (lineedit_feed(&editor, c) != LINEEDIT_DONE);
		strcpy(line, lineedit_line(&editor));
		toolstack_run_line(line);
	}
}

/* host-disk=vda1 on our command line names the host filesystem. */
static const char *host_disk_option(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "host-disk=", 10))
			return argv[i] + 10;
	return NULL;
}

int main(int argc, char **argv)
{
	print_banner();
	rootfs_mount_boot_module();
	hostfs_mount(host_disk_option(argc, argv));
	log_start();
	xenstored_start();
	if (lifecycle_start())
		printf("lifecycle: cannot watch domains: on_poweroff, "
		       "on_reboot and on_crash will not run\n");
	autostart_guests();
	serve_shell();
	return 0;
}
