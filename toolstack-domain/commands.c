/*
 * The shell's top-level commands.
 */
#include <stdio.h>
#include <time.h>
#include <minios/bootmod.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/time.h>
#include "files.h"
#include "power.h"
#include "shell.h"
#include "toolstack.h"
#include "xenstore_bench.h"
#include "xenstore_cmds.h"
#include "xl.h"

static int cmd_help(int argc, char **argv);

static int no_arguments(int argc, char **argv)
{
	if (argc > 1) {
		fprintf(stderr, "%s: takes no arguments\n", argv[0]);
		return 0;
	}
	return 1;
}

static int cmd_uptime(int argc, char **argv)
{
	uint64_t up = monotonic_ns() / NSEC_PER_SEC;
	time_t now;
	struct tm tm;

	if (!no_arguments(argc, argv))
		return 2;
	now = time(NULL);
	gmtime_r(&now, &tm);
	printf(" %02d:%02d:%02d up ", tm.tm_hour, tm.tm_min, tm.tm_sec);
	if (up >= 86400)
		printf("%llu day%s, ", (unsigned long long)(up / 86400),
		       up >= 2 * 86400 ? "s" : "");
	up %= 86400;
	if (up >= 3600)
		printf("%2u:%02u\n", (unsigned int)(up / 3600),
		       (unsigned int)(up % 3600 / 60));
	else
		printf("%u min, %u sec\n", (unsigned int)(up / 60),
		       (unsigned int)(up % 60));
	return 0;
}

static void print_pages(const char *what, unsigned long pages)
{
	printf("%-22s: %8lu pages %8lu KiB\n", what, pages, pages * 4);
}

/* This domain's own memory: what it holds and what it uses. */
static int cmd_meminfo(int argc, char **argv)
{
	struct page_usage u;
	size_t archive;

	if (!no_arguments(argc, argv))
		return 2;
	pagealloc_usage(&u);
	boot_module(&archive);
	print_pages("total", start_info->nr_pages);
	print_pages("used", start_info->nr_pages - u.free);
	print_pages("  image and boot", u.boot);
	print_pages("    boot archive", (archive + PAGE_SIZE - 1) / PAGE_SIZE);
	print_pages("  heap", u.heap);
	print_pages("  allocated pages", u.allocated);
	print_pages("free", u.free);
	return 0;
}

static int cmd_poweroff(int argc, char **argv)
{
	if (!no_arguments(argc, argv))
		return 2;
	power_off();
}

static int cmd_reboot(int argc, char **argv)
{
	if (!no_arguments(argc, argv))
		return 2;
	power_reboot();
}

static const struct shell_command top_commands[] = {
	{ "help", "", "list commands", cmd_help },
	{ "xl", "<subcommand>", "Xen management (xl help for the list)",
	  xl_main },
	{ "uptime", "", "time since the hypervisor started", cmd_uptime },
	{ "meminfo", "", "this domain's memory: held, used, free", cmd_meminfo },
	{ "ls", "[path]", "list the boot archive's files (/etc/xen, /boot)",
	  cmd_ls },
	{ "cat", "<file>", "print a file from the boot archive", cmd_cat },
	{ "xenstore-read", "<path>...", "print XenStore values",
	  cmd_xenstore_read },
	{ "xenstore-write", "<path> <value>...", "write XenStore values",
	  cmd_xenstore_write },
	{ "xenstore-ls", "[path]", "print a XenStore subtree",
	  cmd_xenstore_ls },
	{ "xenstore-rm", "<path>...", "remove XenStore nodes and below",
	  cmd_xenstore_rm },
	{ "xenstore-bench", "[requests]", "xenstored's requests per second",
	  cmd_xenstore_bench },
	{ "poweroff", "", "switch the machine off (ACPI S5)", cmd_poweroff },
	{ "reboot", "", "restart the machine", cmd_reboot },
};

static const struct shell_table top_table = {
	"", top_commands, sizeof(top_commands) / sizeof(top_commands[0]),
};

static int cmd_help(int argc, char **argv)
{
	if (!no_arguments(argc, argv))
		return 2;
	printf("Commands:\n");
	shell_print_help(&top_table, stdout);
	return 0;
}

int toolstack_run_line(char *line)
{
	return shell_run_line(&top_table, line, stderr);
}
