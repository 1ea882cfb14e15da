/*
 * "xl" command: dispatch to subcommands.
 */
#include <stdio.h>
#include "shell.h"
#include "xl.h"

static int xl_help(int argc, char **argv);

static const struct shell_command xl_commands[] = {
	{ "info", "", "show host and hypervisor information", xl_info },
	{ "dmesg", "[-c]", "print the hypervisor's log (-c: then clear it)",
	  xl_dmesg },
	{ "create", "<ConfigFile> [-c]",
	  "create a guest from /etc/xen/... (-c: attach its console)",
	  xl_create },
	{ "list", "[Domain]", "list domains", xl_list },
	{ "destroy", "<Domain>", "terminate a domain at once", xl_destroy },
	{ "console", "<Domain>", "attach to a guest's console (CTRL-] leaves)",
	  xl_console },
	{ "help", "", "list xl subcommands", xl_help },
};

static const struct shell_table xl_table = {
	"xl ", xl_commands, sizeof(xl_commands) / sizeof(xl_commands[0]),
};

static int xl_help(int argc, char **argv)
{
	shell_print_help(&xl_table, stdout);
	return 0;
}

int xl_main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: xl <subcommand> [args]\n");
		shell_print_help(&xl_table, stderr);
		return 2;
	}
	return shell_dispatch(&xl_table, argc - 1, argv + 1, stderr);
}
