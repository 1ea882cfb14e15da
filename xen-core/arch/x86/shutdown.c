/*
 * Rebooting and halting the machine.  Power-off is requested by the
 * control domain through XENPF_enter_acpi_sleep (see platform_hypercall.c),
 * since only it knows the DSDT's \_S5 values.
 */
#include <xen-core/shutdown.h>
#include <xen-core/console.h>
#include <xen-core/io.h>
#include <xen-core/smp.h>
#include <xen-core/time.h>

bool opt_noreboot;

static void __attribute__((noreturn)) halt_forever(void)
{
	for (;;)
		asm volatile("cli; hlt");
}

void machine_halt(void)
{
	local_irq_disable();
	smp_stop_other_cpus();
	printk("Halting the machine\n");
	halt_forever();
}

/* Tries the PCI reset register, the keyboard controller, then a triple fault. */
void machine_restart(void)
{
	static const struct { uint16_t limit; uint64_t base; }
		__attribute__((packed)) no_idt = { 0, 0 };

	local_irq_disable();
	smp_stop_other_cpus();
	printk("Rebooting the machine\n");
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	udelay(50000);
	outb(0x64, 0xfe);
	udelay(50000);
	asm volatile("lidt %0; int3" : : "m"(no_idt));
	halt_forever();
}

void machine_halt_or_reboot(void)
{
	if (opt_noreboot) {
		printk("Manual reset required ('noreboot' specified)\n");
		machine_halt();
	}
	printk("Reboot in five seconds...\n");
	mdelay(5000);
	machine_restart();
}
