/*
 * The shell's top-level commands.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <minios/blkdev.h>
#include <minios/bootmod.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/pci.h>
#include <minios/time.h>
#include "files.h"
#include "hostfs/hostfs.h"
#include "power.h"
#include "shell.h"
#include "toolstack.h"
#include "xenstore_bench.h"
#include "xenstore_cmds.h"
#include "xl/xl.h"

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

/* The PCI devices MiniOS found at boot; -v adds their BARs. */
static int cmd_lspci(int argc, char **argv)
{
	int verbose = argc == 2 && !strcmp(argv[1], "-v");
	char line[128];

	if (argc > 2 || (argc == 2 && !verbose)) {
		fprintf(stderr, "usage: lspci [-v]\n");
		return 2;
	}
	for (const struct pci_dev *dev = pci_devices(); dev; dev = dev->next) {
		pci_describe(dev, line, sizeof(line));
		printf("%s\n", line);
		for (unsigned int i = 0; verbose && i < PCI_NR_BARS; i++)
			if (dev->bar[i].size)
				printf("\tRegion %u: %s at %llx [size=%llx]\n", i,
				       dev->bar[i].io ? "I/O ports" : "Memory",
				       (unsigned long long)dev->bar[i].addr,
				       (unsigned long long)dev->bar[i].size);
	}
	return 0;
}

/* Disks and partitions, as Linux's lsblk lists them. */
static int cmd_lsblk(int argc, char **argv)
{
	char label[17];

	if (!no_arguments(argc, argv))
		return 2;
	printf("NAME        SIZE RO TYPE LABEL            MODEL\n");
	for (struct blkdev *bd = blkdev_list(); bd; bd = bd->next) {
		uint64_t mib = bd->sectors * SECTOR_SIZE >> 20;
		int part = bd->disk != bd;

		hostfs_label(bd, label, sizeof(label));
		printf("%s%-*s %6lluM %2d %-4s %-16s %s\n", part ? "`-" : "",
		       part ? 8 : 10, bd->name, (unsigned long long)mib,
		       bd->read_only, part ? "part" : "disk", label,
		       part ? "" : bd->model);
	}
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
	{ "lspci", "[-v]", "PCI devices and their drivers", cmd_lspci },
	{ "lsblk", "", "disks and their partitions", cmd_lsblk },
	{ "ls", "[-l] [path]", "list files (the host disk's, or the boot "
	  "archive's before it is mounted)", cmd_ls },
	{ "cat", "<file>... | > <file>", "print files, or write one as typed "
	  "(CTRL-D ends)", cmd_cat },
	{ "cp", "<source> <destination>", "copy a file", cmd_cp },
	{ "mv", "<source> <destination>", "rename a file or directory", cmd_mv },
	{ "rm", "<file>...", "remove files", cmd_rm },
	{ "mkdir", "<directory>...", "make directories", cmd_mkdir },
	{ "rmdir", "<directory>...", "remove empty directories", cmd_rmdir },
	{ "ln", "-s <target> <link>", "make a symbolic link", cmd_ln },
	{ "df", "", "the host filesystem's size and free space", cmd_df },
	{ "sync", "", "write the host filesystem out to the disk", cmd_sync },
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
