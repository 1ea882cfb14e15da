/*
 * C entry point: bring up the kernel, then run the application's main()
 * in a thread of its own.
 */
#include <stdlib.h>
#include <string.h>
#include <minios/console.h>
#include <minios/events.h>
#include <minios/io.h>
#include <minios/kernel.h>
#include <minios/mm.h>
#include <minios/pci.h>
#include <minios/sched.h>
#include <minios/time.h>
#include <minios/traps.h>

#define MAX_ARGS 32

start_info_t *start_info;

int main(int argc, char **argv);	/* the application's */

/* From minios.lds: the constructors of the application and libraries. */
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

static void run_constructors(void)
{
	for (void (**f)(void) = __init_array_start; f < __init_array_end; f++)
		(*f)();
}

/* Split the command line in place at spaces, like a shell without quotes. */
static int split_cmdline(char *line, char **argv)
{
	int argc = 0;

	argv[argc++] = "minios";
	for (char *p = strtok(line, " \t"); p && argc < MAX_ARGS;
	     p = strtok(NULL, " \t"))
		argv[argc++] = p;
	argv[argc] = NULL;
	return argc;
}

static void run_main(void *unused)
{
	static char cmdline[MAX_GUEST_CMDLINE];
	static char *argv[MAX_ARGS + 1];
	int argc;

	(void)unused;
	memcpy(cmdline, start_info->cmd_line, sizeof(cmdline) - 1);
	argc = split_cmdline(cmdline, argv);
	run_constructors();
	exit(main(argc, argv));
}

void start_kernel(start_info_t *si)
{
	start_info = si;
	if (strncmp(si->magic, "xen-3.0-x86_64", 14))
		panic("not started as a 64-bit PV guest (magic '%.14s')",
		      si->magic);
	printk("MiniOS: %lu pages, flags %x, cmdline '%s'\n",
	       (unsigned long)si->nr_pages, (unsigned int)si->flags,
	       (const char *)si->cmd_line);

	traps_init();
	mm_init();
	sched_init();
	events_init();
	time_init();
	if (is_initial_domain()) {
		console_init();
		io_init();
		pci_init();
	} else
		printk("MiniOS: not dom0, console input unavailable\n");

	if (!create_thread("main", run_main, NULL))
		panic("cannot create the main thread");
	thread_exit();
}
