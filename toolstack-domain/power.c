/*
 * poweroff and reboot.
 *
 * ACPI S5: the DSDT's \_S5 package gives SLP_TYPa/b; the value written
 * to PM1x_CNT is SLP_TYP << 10 | SLP_EN.  Xen owns the PM1 registers, so
 * we hand it those values with XENPF_enter_acpi_sleep and Xen writes
 * them to the control blocks it knows from its own FADT parse.
 */
#include <stdio.h>
#include <string.h>
#include <xen/platform.h>
#include <minios/hypercall.h>
#include <minios/kernel.h>
#include "acpi/s5.h"
#include "acpi_tables.h"
#include "domains/autostart.h"
#include "hostfs/hostfs.h"
#include "log.h"
#include "power.h"

#define ACPI_STATE_S5 5
#define PM1_SLP_TYP_SHIFT 10
#define PM1_SLP_EN (1u << 13)

static uint16_t pm1_value(uint8_t slp_typ)
{
	return (uint16_t)((slp_typ & 7) << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN;
}

/* Returns only on failure, with the reason printed. */
static void acpi_power_off(void)
{
	struct acpi_sleep_regs regs;
	struct xen_platform_op op = { .cmd = XENPF_enter_acpi_sleep };
	uint8_t typa, typb;
	char why[128];
	long rc;

	if (acpi_find_sleep_regs(&regs, why, sizeof(why))) {
		printf("poweroff: ACPI: %s\n", why);
		return;
	}
	if (regs.hw_reduced || !regs.pm1a_cnt) {
		printf("poweroff: ACPI: no PM1a control block (hardware-reduced ACPI is not supported)\n");
		return;
	}
	if (acpi_find_s5(regs.dsdt, regs.dsdt_len, &typa, &typb)) {
		printf("poweroff: ACPI: no usable \\_S5 object in the DSDT\n");
		return;
	}
	printf("poweroff: ACPI S5 via PM1a_CNT %#llx%s, SLP_TYPa %u SLP_TYPb %u\n",
	       (unsigned long long)regs.pm1a_cnt,
	       regs.pm1b_cnt ? " and PM1b_CNT" : "", typa, typb);
	fflush(stdout);

	op.interface_version = XENPF_INTERFACE_VERSION;
	op.u.enter_acpi_sleep.val_a = pm1_value(typa);
	op.u.enter_acpi_sleep.val_b = regs.pm1b_cnt ? pm1_value(typb) : 0;
	op.u.enter_acpi_sleep.sleep_state = ACPI_STATE_S5;
	op.u.enter_acpi_sleep.flags = 0;
	rc = HYPERVISOR_platform_op(&op);
	printf("poweroff: XENPF_enter_acpi_sleep failed (%ld)\n", rc);
}

/*
 * Before the power goes: the guests shut down (autostart.c), then the
 * host filesystem goes clean onto the disk.
 */
static void prepare_power_down(void)
{
	int rc;

	stop_all_guests();
	if (!hostfs_mounted())
		return;
	log_flush();
	rc = hostfs_unmount();
	if (rc)
		printf("hostfs: unmounting failed: %s\n", strerror(-rc));
	else
		printf("hostfs: unmounted\n");
}

void power_off(void)
{
	prepare_power_down();
	acpi_power_off();
	printf("poweroff: falling back to a dom0 poweroff shutdown\n");
	fflush(stdout);
	minios_shutdown(SHUTDOWN_poweroff);
}

void power_reboot(void)
{
	prepare_power_down();
	fflush(stdout);
	minios_shutdown(SHUTDOWN_reboot);
}
