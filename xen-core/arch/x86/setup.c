/*
 * __start_xen: from head.S's long-mode entry to running the control
 * domain.  Order matters: the console first (so everything after can
 * report), then memory, then CPUs and time, then dom0.
 */
#include <xen-core/console.h>
#include <xen-core/cmdline.h>
#include <xen-core/cpu.h>
#include <xen-core/domain.h>
#include <xen-core/fpu.h>
#include <xen-core/mm.h>
#include <xen-core/multiboot2.h>
#include <xen-core/pagetable.h>
#include <xen-core/pv.h>
#include <xen-core/sched.h>
#include <xen-core/shutdown.h>
#include <xen-core/smp.h>
#include <xen-core/time.h>
#include <xen-core/version.h>
#include <xen-core/acpi.h>
#include <xen-core/apic.h>
#include <xen-core/timer.h>

extern char _start[], _end[], boot_stack[];

struct boot_info boot_info;
struct boot_options boot_opts;

static void ignore_complaint(const char *what, const char *opt, size_t len)
{
	(void)what, (void)opt, (void)len;
}

static void complain_about_option(const char *what, const char *opt, size_t len)
{
	printk("WARNING: %s '%.*s' ignored\n", what, (int)len, opt);
}

static void parse_command_line(void)
{
	cmdline_defaults(&boot_opts);
	cmdline_parse(boot_info.cmdline, &boot_opts, ignore_complaint);
	console_init(&boot_opts);
	printk("xen-core %s (Xen %d.%d ABI) booting\n", XEN_CORE_VERSION,
	       XEN_ABI_MAJOR, XEN_ABI_MINOR);
	printk("Bootloader: %s\n", boot_info.loader);
	printk("Command line: %s\n", boot_info.cmdline);
	/* Second pass now that the console can report problems. */
	cmdline_defaults(&boot_opts);
	cmdline_parse(boot_info.cmdline, &boot_opts, complain_about_option);
	opt_noreboot = boot_opts.noreboot;
	opt_test_syscall_breakpoint = boot_opts.test_syscall_breakpoint;
	opt_test_dom0_pfn_shuffle = boot_opts.test_dom0_pfn_shuffle;
}

static void show_boot_info(void)
{
	unsigned int i;

	printk("Physical RAM map:\n");
	for (i = 0; i < boot_info.nr_ram; i++)
		printk(" %016lx - %016lx (usable)\n", boot_info.ram[i].start,
		       boot_info.ram[i].end);
	for (i = 0; i < boot_info.nr_modules; i++)
		printk("Module %u: %#lx-%#lx '%s'\n", i,
		       boot_info.modules[i].start, boot_info.modules[i].end,
		       boot_info.modules[i].cmdline);
}

static void init_boot_cpu(void)
{
	struct cpu_info *ci = cpu_info_of_stack(boot_stack);

	ci->cpu = 0;
	cpu_infos[0] = ci;
	idt_init();
	cpu_init(ci);
	fpu_probe();
}

void __start_xen(unsigned long mbi_pa)
{
	const char *err = NULL;

	if (!multiboot2_parse(__va(mbi_pa), mbi_pa, &boot_info, &err)) {
		cmdline_defaults(&boot_opts);
		console_init(&boot_opts);
		panic("bad multiboot2 information: %s", err);
	}
	parse_command_line();
	show_boot_info();

	mm_early_init(&boot_info, __pa(_start), __pa(_end));
	init_boot_cpu();
	time_init();
	timers_init();
	acpi_init(&boot_info);
	apic_init_boot_cpu();
	scheduler_init();
	smp_boot_cpus(boot_opts.max_cpus);
	keyhandlers_init();

	if (boot_info.nr_modules == 0)
		panic("no control domain image: add a module2 line to the boot entry");
	construct_dom0(&boot_info, &boot_opts);
	zap_low_mappings();
	console_start_input_polling();
	printk("*** Serial input to DOM0 (type 'CTRL-a' three times to switch input)\n");
	start_scheduling();
}
