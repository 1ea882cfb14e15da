/*
 * A dom0 that faults with no trap table registered: the hypervisor must
 * report the fault with its context and then honour (or not) noreboot.
 */
#include "pvk.h"

void pvk_main(const struct start_info *si __attribute__((unused)))
{
	pvk_print("crash: touching an unmapped address with no trap table\n");
	*(volatile uint64_t *)0x40000000UL = 0xdead;
	pvk_print("crash: still alive?!\n");
	pvk_poweroff();
}
