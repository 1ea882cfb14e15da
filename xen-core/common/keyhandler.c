/*
 * Debug keys, typed on the serial line after CTRL-a three times: the
 * same letters as Xen's for the things xen-core has.
 */
#include <xen-core/console.h>
#include <xen-core/cpu.h>
#include <xen-core/domain.h>
#include <xen-core/mm.h>
#include <xen-core/pv_mm.h>
#include <xen-core/shutdown.h>
#include <xen-core/smp.h>
#include <xen-core/traps.h>

static void show_help(unsigned char key)
{
	console_show_debug_keys();
}

static void dump_memory(unsigned char key)
{
	printk("'%c' pressed -> dumping memory info\n", key);
	show_memory();
}

static void dump_this_cpu(void *arg)
{
	struct cpu_info *ci = get_cpu_info();

	printk("*** Dumping CPU%u guest state: ", ci->cpu);
	if (!ci->curr_vcpu) {
		printk("idle\n");
		return;
	}
	printk("d%uv%u\n", ci->curr_vcpu->domain->domain_id, ci->curr_vcpu->vcpu_id);
	show_registers(&ci->guest_regs);
}

static void dump_registers(unsigned char key)
{
	unsigned int cpu;

	printk("'%c' pressed -> dumping registers\n", key);
	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (cpu_online[cpu])
			on_cpu(cpu, dump_this_cpu, NULL);
}

static void reboot_machine(unsigned char key)
{
	printk("'%c' pressed -> rebooting machine\n", key);
	machine_restart();
}

void keyhandlers_init(void)
{
	register_debug_key('h', show_help, "show this message");
	register_debug_key('m', dump_memory, "memory info");
	register_debug_key('d', dump_registers, "dump registers");
	register_debug_key('R', reboot_machine, "reboot machine");
	domain_keyhandlers_init();
	page_audit_init();
}
