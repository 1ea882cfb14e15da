/*
 * "xl" command: dispatch to subcommands.
 */
#include <stdio.h>
#include <string.h>
#include "domains/domains.h"
#include "domains/domctl.h"
#include "hypervisor.h"
#include "shell/shell.h"
#include "xl.h"

#define MAX_LISTED 256

static int xl_help(int argc, char **argv);

static const struct shell_command xl_commands[] = {
	{ "info", "", "show host and hypervisor information", xl_info },
	{ "dmesg", "[-c]", "print the hypervisor's log (-c: then clear it)",
	  xl_dmesg },
	{ "create", "<ConfigFile> [-c] [key=value...]",
	  "create a guest from /etc/xen/... (-c: attach its console)",
	  xl_create },
	{ "list", "[Domain]", "list domains", xl_list },
	{ "destroy", "<Domain>", "terminate a domain at once", xl_destroy },
	{ "console", "<Domain>", "attach to a guest's console (CTRL-] leaves)",
	  xl_console },
	{ "shutdown", "[-w] <Domain>", "ask a guest to power off (-w: wait)",
	  xl_shutdown },
	{ "reboot", "[-w] <Domain>", "ask a guest to reboot (-w: wait)",
	  xl_reboot },
	{ "pause", "<Domain>", "stop a guest's vCPUs", xl_pause },
	{ "unpause", "<Domain>", "let a paused guest run again", xl_unpause },
	{ "vcpu-list", "[Domain]", "list vCPUs: state, CPU, time",
	  xl_vcpu_list },
	{ "mem-set", "<Domain> <Mem>",
	  "set a guest's memory target (balloon; k/m/g suffix, default m)",
	  xl_mem_set },
	{ "uptime", "[Domain]", "how long domains have run", xl_uptime },
	{ "help", "", "list xl subcommands", xl_help },
};

static const struct shell_table xl_table = {
	"xl ", xl_commands, sizeof(xl_commands) / sizeof(xl_commands[0]),
};

int xl_domain_selected(domid_t id, const char *which)
{
	char number[8];
	const char *name = domains_name(id);

	if (!which)
		return 1;
	snprintf(number, sizeof(number), "%u", id);
	return !strcmp(which, number) || (name && !strcmp(which, name));
}

int xl_for_each_domain(const char *cmd, const char *which,
		       void (*show)(const struct xen_domctl_getdomaininfo *))
{
	static struct xen_domctl_getdomaininfo info[MAX_LISTED];
	int n = domain_list(info, MAX_LISTED), shown = 0;

	if (n < 0) {
		fprintf(stderr, "xl %s: listing domains: %s\n", cmd,
			xen_strerror(n));
		return 1;
	}
	for (int k = 0; k < n; k++) {
		if (!xl_domain_selected(info[k].domain, which))
			continue;
		show(&info[k]);
		shown++;
	}
	if (which && !shown) {
		fprintf(stderr, "xl %s: domain '%s' not found\n", cmd, which);
		return 1;
	}
	return 0;
}

struct domain_record *xl_guest_arg(const char *cmd, const char *arg)
{
	struct domain_record *d = domains_find(arg);

	if (!d)
		fprintf(stderr, "xl %s: no guest domain '%s'\n", cmd, arg);
	return d;
}

static int xl_help(int argc, char **argv)
{
	shell_print_help(&xl_table, stdout);
	return 0;
}

int xl_verbose;

int xl_main(int argc, char **argv)
{
	/* xl's global -v (repeatable): more output, e.g. builder timings. */
	xl_verbose = 0;
	while (argc > 1 && !strcmp(argv[1], "-v")) {
		xl_verbose++;
		argc--;
		argv++;
	}
	if (argc < 2) {
		fprintf(stderr, "usage: xl [-v] <subcommand> [args]\n");
		shell_print_help(&xl_table, stderr);
		return 2;
	}
	return shell_dispatch(&xl_table, argc - 1, argv + 1, stderr);
}
