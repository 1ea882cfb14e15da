/*
 * platform_op (control domain only).  Power-off follows Xen: the
 * control domain reads \_S5's sleep types from the DSDT (xen-core has no
 * AML interpreter) and passes the PM1 control values; xen-core writes
 * them with SLP_EN to the FADT's PM1a/PM1b control ports.
 */
#include <xen-core/hypercall.h>
#include <xen-core/acpi.h>
#include <xen-core/console.h>
#include <xen-core/guest_access.h>
#include <xen-core/io.h>
#include <xen-core/smp.h>

#define ACPI_SLP_EN	(1U << 13)
#define PM1_CNT_BITS	0x3fffU	/* SCI_EN ... SLP_TYP, SLP_EN */

static void write_pm1_control(uint16_t a, uint16_t b)
{
	outw(acpi_pm1a_cnt_port, a);
	if (acpi_pm1b_cnt_port)
		outw(acpi_pm1b_cnt_port, b);
}

static long enter_acpi_sleep(const struct xenpf_enter_acpi_sleep *s)
{
	if (s->flags & ~XENPF_ACPI_SLEEP_EXTENDED)
		return -EINVAL;
	if (s->flags || s->sleep_state != 5)
		return -EOPNOTSUPP;	/* only S5 (soft off) for now */
	if (!acpi_pm1a_cnt_port)
		return -ENODEV;
	if ((s->val_a | s->val_b) & ~PM1_CNT_BITS)
		return -EINVAL;
	printk("Entering ACPI S5 (power off)\n");
	local_irq_disable();
	smp_stop_other_cpus();
	/* As the ACPI spec orders it: SLP_TYP first, then SLP_EN with it. */
	write_pm1_control(s->val_a & ~ACPI_SLP_EN, s->val_b & ~ACPI_SLP_EN);
	write_pm1_control(s->val_a | ACPI_SLP_EN, s->val_b | ACPI_SLP_EN);
	mdelay(1000);
	printk("ACPI S5 did not power off the machine\n");
	return -EIO;
}

long do_platform_op(unsigned long u_op)
{
	struct xen_platform_op op;

	if (copy_from_guest(&op, u_op, sizeof(op)))
		return -EFAULT;		/* before the privilege check, as Xen */
	if (!current->domain->is_privileged)
		return -EPERM;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	switch (op.cmd) {
	case XENPF_enter_acpi_sleep:
		return enter_acpi_sleep(&op.u.enter_acpi_sleep);
	}
	return hypercall_unimplemented(__HYPERVISOR_platform_op, op.cmd);
}
