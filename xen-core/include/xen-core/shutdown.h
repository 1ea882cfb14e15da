/* Stopping the machine. */
#ifndef XEN_CORE_SHUTDOWN_H
#define XEN_CORE_SHUTDOWN_H

#include <stdbool.h>

extern bool opt_noreboot;

void machine_restart(void) __attribute__((noreturn));
void machine_halt(void) __attribute__((noreturn));
/* After a fatal error: halt when "noreboot" was given, else reboot. */
void machine_halt_or_reboot(void) __attribute__((noreturn));

#endif
