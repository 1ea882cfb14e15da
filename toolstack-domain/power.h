/*
 * Machine power control from the control domain.
 */
#ifndef TOOLSTACK_POWER_H
#define TOOLSTACK_POWER_H

/*
 * Power the machine off through ACPI S5, as a Linux dom0 does; if that
 * path fails, say why and fall back to a plain dom0 poweroff shutdown
 * (on which Xen only halts).
 */
void __attribute__((noreturn)) power_off(void);

/* Ask Xen to reboot the machine (dom0 reboot shutdown). */
void __attribute__((noreturn)) power_reboot(void);

#endif
